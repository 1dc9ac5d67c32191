// Compiles the AssemblyScript core (assembly/*.ts) to JavaScript, once per precision:
// build/core-js32.js (Float = f32) and build/core-js64.js (Float = f64), the "js" backend. The
// kernels are the same source as the Wasm; this script supplies what the Wasm compiler supplies:
//
// - types: AssemblyScript types (i32, u32, usize, f32, f64, bool) are all `number` here, so the
//   script infers each expression's AssemblyScript type (declarations via the TypeScript checker,
//   operators by AssemblyScript's rules: the left operand sets the context, literals take the
//   contextual type) and emits what that type's arithmetic does: Math.fround after every f32
//   operation, |0 and Math.imul for i32, >>>0 for u32.
// - SIMD: assembly/vector.ts's operations are intrinsics. A Vec is LANES floats, so every
//   statement that computes vectors is emitted once per lane (lane k of `a` is the local a$k,
//   of vload(p) the float at p + k), and vsum adds the lanes in the SIMD build's order
//   ((l0 + l2) + (l1 + l3) in float32), which is what keeps the JS bit-identical to the SIMD Wasm.
//   A function whose vector arguments and result are per lane (expv, adamLanes, …) is compiled
//   once as a scalar function of one lane, called per lane.
// - memory: load<T>/store<T> index typed-array views of one heap (bindings/core/js/memory.ts);
//   @unmanaged classes are pointers and their fields are read at AssemblyScript's offsets.
// - NativeMath: Math.exp/log/log1p/cos/pow are the bit-exact port in bindings/core/js/nativemath.ts.
//
// The output is a module exporting `instantiate(glue)` (glue: the heap and NativeMath), which
// returns assembly/index.ts's exports with the Wasm boundary's argument conversions, plus a .d.ts.
// Constructs the kernels do not use are rejected with an error naming the source line, so a new
// kernel either compiles faithfully or fails the build.
import ts from "typescript";
import { readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";

const SOURCE = "assembly";
/**
 * The layer every kernel is written against: constants and intrinsics here, not compiled. The
 * SIMD build's two-lane NativeMath (nativemath-vector, -tables) is bit-identical to the scalar
 * calls, so the JS core calls the NativeMath port for vexp64 and the like.
 */
const GLUE = new Set(["precision", "vector", "vector-scalar", "nativemath-vector", "nativemath-tables"]);

/** The core/host interface (enums and constants), which the core imports from the bindings. */
const INTERFACE = "bindings/core/interface.ts";
const files = [...readdirSync(SOURCE).filter((f) => f.endsWith(".ts")).map((f) => join(SOURCE, f)), INTERFACE];
const program = ts.createProgram(files, {
  noLib: true, types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler, experimentalDecorators: true,
});
const checker = program.getTypeChecker();
const sources = program.getSourceFiles().filter((sf) => files.some((f) => sf.fileName.endsWith(f)));
const moduleOf = (node) => basename(node.getSourceFile().fileName, ".ts");

/**
 * A buffer enum of the interface names the last fields of a core record, in order: the core
 * finds buffer `id` at slot `id` of those fields (assembly/layer.ts layerBufferSlot). A field
 * added on one side only would shift every id after it, so it fails the build here.
 */
function checkBufferSlots() {
  const iface = sources.find((sf) => sf.fileName.endsWith(INTERFACE));
  for (const [enumName, className] of [["LayerBuffer", "Layer"], ["AgentBuffer", "Agent"]]) {
    const en = iface.statements.find((st) => ts.isEnumDeclaration(st) && st.name.text === enumName);
    const cls = sources.flatMap((sf) => sf.statements).find((st) => ts.isClassDeclaration(st) && st.name?.text === className);
    const members = en.members.map((m) => m.name.getText());
    const fields = cls.members.filter(ts.isPropertyDeclaration).map((m) => m.name.getText()).slice(-members.length);
    if (members.some((m, k) => m !== fields[k]) || en.members.some((m) => m.initializer)) {
      fail(cls, `the last fields of ${className} must be ${INTERFACE} ${enumName}'s members in order, without initializers (${members.join(", ")}); they are ${fields.join(", ")}`);
    }
  }
}
checkBufferSlots();

/** Whether an expression names an enum member of the interface (a constant, folded where used). */
function isEnumMember(e) {
  if (!ts.isPropertyAccessExpression(e)) return false;
  const sym = checker.getSymbolAtLocation(e.name);
  return !!sym && !!(sym.flags & ts.SymbolFlags.EnumMember);
}

function fail(node, message) {
  const sf = node.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
  throw new Error(`${sf.fileName}:${line + 1}: ${message}: ${node.getText().slice(0, 120)}`);
}

/** Modules in dependency order from assembly/index.ts (constants must exist before use). */
function moduleOrder() {
  const order = [];
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name) || GLUE.has(name)) return;
    seen.add(name);
    const sf = sources.find((s) => moduleOf(s) === name);
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st)) visit(basename(st.moduleSpecifier.text));
    }
    order.push(sf);
  };
  visit("index");
  return order;
}

export function compileCore(floatType) {
  const F = floatType;
  const FBYTES = F === "f32" ? 4 : 8;
  const FSHIFT = F === "f32" ? 2 : 3;
  const LANES = 16 / FBYTES;
  const FVIEW = F === "f32" ? "HF32" : "HF64";

  // ---- types -------------------------------------------------------------------------------
  const isFloat = (t) => t === "f32" || t === "f64";
  const isVector = (t) => t === "Vec" || t === "Mask";
  const isPtr = (t) => typeof t === "string" && t.startsWith("ptr:");

  /** @unmanaged classes: fields at AssemblyScript's offsets (in order, each aligned to its size). */
  const classes = new Map();
  for (const sf of sources) {
    if (GLUE.has(moduleOf(sf))) continue;
    for (const st of sf.statements) {
      if (!ts.isClassDeclaration(st)) continue;
      classes.set(st.name.text, { decl: st, fields: new Map(), size: 0 });
    }
  }
  for (const cls of classes.values()) {
    let at = 0;
    for (const m of cls.decl.members) {
      if (!ts.isPropertyDeclaration(m) || !m.type) fail(m, "only typed fields are supported in @unmanaged classes");
      const type = mapType(m.type);
      const bytes = type === "f64" ? 8 : 4;
      at = Math.ceil(at / bytes) * bytes;
      cls.fields.set(m.name.text, { type, offset: at });
      at += bytes;
    }
    cls.size = at;
  }

  function mapType(node) {
    let t = node.getText().replace(/\s+/g, "");
    if (t.endsWith("|null")) t = t.slice(0, -5);
    if (t === "Float") return F;
    if (["i32", "u32", "usize", "f32", "f64", "bool", "void", "Vec", "Mask"].includes(t)) return t;
    if (classes.has(t)) return `ptr:${t}`;
    fail(node, "unsupported type");
  }

  function resolve(id) {
    let sym = checker.getSymbolAtLocation(id);
    if (!sym) return undefined;
    if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    return sym.valueDeclaration ?? sym.declarations?.[0];
  }

  const isTopLevel = (decl) =>
    ts.isFunctionDeclaration(decl) ? ts.isSourceFile(decl.parent) : ts.isVariableDeclaration(decl) && ts.isSourceFile(decl.parent.parent.parent);

  /** The glue's constants (precision.ts, vector.ts). */
  const GLUE_CONSTANTS = { LANES: [LANES, "i32"], FLOAT_SHIFT: [FSHIFT, "usize"], STEP: [LANES, "i32"], STEP_BYTES: [16, "usize"] };

  const declTypes = new Map();
  function declType(decl) {
    if (declTypes.has(decl)) return declTypes.get(decl);
    let t;
    if (GLUE.has(moduleOf(decl))) {
      const c = GLUE_CONSTANTS[decl.name.text];
      if (!c) fail(decl, "not a glue constant");
      t = c[1];
    } else if (ts.isFunctionDeclaration(decl)) {
      t = decl.type ? mapType(decl.type) : "void";
    } else if (decl.type) {
      t = mapType(decl.type);
    } else if (decl.initializer) {
      t = typeOf(decl.initializer, undefined);
    } else fail(decl, "declaration without a type");
    declTypes.set(decl, t);
    return t;
  }

  function common(a, b) {
    if (a === b) return a;
    if (isVector(a) || isVector(b)) return isVector(a) ? a : b;
    if (a === "f64" || b === "f64") return "f64";
    if (a === "f32" || b === "f32") return "f32";
    if (a === "usize" || b === "usize" || isPtr(a) || isPtr(b)) return "usize";
    if (a === "u32" || b === "u32") return "u32";
    return "i32";
  }

  const COMPARISON = new Set([ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken,
    ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken]);
  const LOGICAL = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken]);
  const SHIFT = new Set([ts.SyntaxKind.LessThanLessThanToken, ts.SyntaxKind.GreaterThanGreaterThanToken, ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken]);
  /** Compound assignment operator → its binary operator. */
  const COMPOUND = new Map([
    [ts.SyntaxKind.PlusEqualsToken, "+"], [ts.SyntaxKind.MinusEqualsToken, "-"], [ts.SyntaxKind.AsteriskEqualsToken, "*"],
    [ts.SyntaxKind.SlashEqualsToken, "/"], [ts.SyntaxKind.PercentEqualsToken, "%"], [ts.SyntaxKind.AmpersandEqualsToken, "&"],
    [ts.SyntaxKind.BarEqualsToken, "|"], [ts.SyntaxKind.CaretEqualsToken, "^"], [ts.SyntaxKind.LessThanLessThanEqualsToken, "<<"],
    [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken, ">>"], [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, ">>>"],
  ]);

  /** What a call is: a glue intrinsic, a builtin, or a compiled function. */
  function callee(call) {
    const c = call.expression;
    if (ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression)) return { kind: "member", object: c.expression.text, name: c.name.text };
    if (!ts.isIdentifier(c)) fail(call, "unsupported callee");
    const decl = resolve(c);
    if (decl && GLUE.has(moduleOf(decl))) return { kind: "vector", name: c.text };
    if (decl && ts.isFunctionDeclaration(decl)) return { kind: "function", name: c.text, decl };
    if (decl) fail(call, "unsupported callee");
    return { kind: "builtin", name: c.text };
  }

  const VECTOR_SCALAR_RESULT = { vsum: F, vfirst: F, vstore: "void", vstoreSums4: "void", vlt: "Mask", vle: "Mask", vgt: "Mask", vge: "Mask" };

  function typeOf(e, ctx) {
    switch (e.kind) {
      case ts.SyntaxKind.NumericLiteral:
        if (ctx && !isVector(ctx) && ctx !== "void" && ctx !== "bool" && !isPtr(ctx)) return ctx;
        return /^0x/i.test(e.text) || !/[.eE]/.test(e.text) ? "i32" : "f64";
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
        return "bool";
      case ts.SyntaxKind.NullKeyword:
        return "usize";
      case ts.SyntaxKind.Identifier: {
        if (e.text === "Infinity" || e.text === "NaN") return isFloat(ctx) ? ctx : "f64";
        const decl = resolve(e);
        if (!decl) fail(e, "unresolved name");
        return declType(decl);
      }
      case ts.SyntaxKind.ParenthesizedExpression:
        return typeOf(e.expression, ctx);
      case ts.SyntaxKind.TypeAssertionExpression:
        return mapType(e.type);
      case ts.SyntaxKind.PrefixUnaryExpression:
        return e.operator === ts.SyntaxKind.ExclamationToken ? "bool" : typeOf(e.operand, ctx);
      case ts.SyntaxKind.PostfixUnaryExpression:
        return typeOf(e.operand, ctx);
      case ts.SyntaxKind.PropertyAccessExpression: {
        if (ts.isIdentifier(e.expression) && (e.expression.text === "f32" || e.expression.text === "f64")) return e.expression.text;
        if (isEnumMember(e)) return "i32";
        return field(e).type;
      }
      case ts.SyntaxKind.ConditionalExpression:
        return common(typeOf(e.whenTrue, ctx), typeOf(e.whenFalse, ctx));
      case ts.SyntaxKind.CallExpression:
        return callType(e, ctx);
      case ts.SyntaxKind.BinaryExpression:
        return binaryTypes(e, ctx).type;
      default:
        fail(e, `unsupported expression (${ts.SyntaxKind[e.kind]})`);
    }
  }

  function field(e) {
    const objectType = typeOf(e.expression, undefined);
    if (!isPtr(objectType)) fail(e, "field access on a non-class value");
    const f = classes.get(objectType.slice(4)).fields.get(e.name.text);
    if (!f) fail(e, "unknown field");
    return f;
  }

  function callType(e, ctx) {
    const c = callee(e);
    const typeArg = e.typeArguments?.[0];
    switch (c.kind) {
      case "member":
        if (c.object === "Math") return "f64";
        if (c.object === "heap" && c.name === "alloc") return "usize";
        if (c.object === "memory" && c.name === "data") return "usize";
        return "void";
      case "vector":
        return VECTOR_SCALAR_RESULT[c.name] ?? "Vec";
      case "function":
        return declType(c.decl);
      default:
        switch (c.name) {
          case "load":
          case "changetype":
            return mapType(typeArg);
          case "store":
            return "void";
          case "offsetof":
          case "sizeof":
          case "alignof":
            return "usize";
          case "min":
          case "max":
          case "abs":
          case "sqrt":
          case "nearest": {
            if (typeArg) return mapType(typeArg);
            const first = typeOf(e.arguments[0], ctx);
            return e.arguments.length > 1 ? common(first, typeOf(e.arguments[1], first)) : first;
          }
          default:
            fail(e, "unsupported builtin");
        }
    }
  }

  /** AssemblyScript's typing of a binary expression: the left operand in the context, the right in the left's type. */
  function binaryTypes(e, ctx) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken || COMPOUND.has(op)) {
      const t = typeOf(e.left, undefined);
      return { type: t, left: t, right: typeOf(e.right, t), operand: t };
    }
    if (op === ts.SyntaxKind.CommaToken) return { type: typeOf(e.right, ctx) };
    if (LOGICAL.has(op)) return { type: "bool" };
    const left = typeOf(e.left, COMPARISON.has(op) ? undefined : ctx);
    const right = typeOf(e.right, left);
    const operand = SHIFT.has(op) ? left : common(left, right);
    return { type: COMPARISON.has(op) ? "bool" : operand, left, right, operand };
  }

  // ---- compile-time constants ---------------------------------------------------------------
  const NO = Symbol("not constant");
  const constants = new Map();
  /** The value of a top-level const whose initializer is a constant expression, or NO. */
  function constantOf(decl) {
    if (constants.has(decl)) return constants.get(decl);
    constants.set(decl, NO);
    let v = NO;
    if (GLUE.has(moduleOf(decl))) v = GLUE_CONSTANTS[decl.name.text]?.[0] ?? NO;
    else if (ts.isVariableDeclaration(decl) && isTopLevel(decl) && decl.parent.flags & ts.NodeFlags.Const && decl.initializer) {
      v = evaluate(decl.initializer, declType(decl));
    }
    constants.set(decl, v);
    return v;
  }

  const round = (v, t) => (t === "f32" ? Math.fround(v) : t === "i32" ? v | 0 : t === "u32" || t === "usize" ? v >>> 0 : v);

  /** Folds an expression of literals, constants, casts and sizeof; NO if it is not one. */
  function evaluate(e, ctx) {
    switch (e.kind) {
      case ts.SyntaxKind.NumericLiteral:
        return round(Number(e.text), typeOf(e, ctx));
      case ts.SyntaxKind.TrueKeyword:
        return true;
      case ts.SyntaxKind.FalseKeyword:
        return false;
      case ts.SyntaxKind.Identifier: {
        if (e.text === "Infinity") return Infinity;
        const decl = resolve(e);
        return decl && !ts.isFunctionDeclaration(decl) && !ts.isParameter(decl) ? constantOf(decl) : NO;
      }
      case ts.SyntaxKind.ParenthesizedExpression:
        return evaluate(e.expression, ctx);
      case ts.SyntaxKind.TypeAssertionExpression: {
        const t = mapType(e.type);
        const v = evaluate(e.expression, t);
        return v === NO || typeof v !== "number" ? NO : round(v, t);
      }
      case ts.SyntaxKind.PropertyAccessExpression:
        if (isEnumMember(e)) return checker.getConstantValue(checker.getSymbolAtLocation(e.name).valueDeclaration);
        if (ts.isIdentifier(e.expression) && e.name.text === "MIN_NORMAL_VALUE") {
          return e.expression.text === "f32" ? 1.1754943508222875e-38 : e.expression.text === "f64" ? 2.2250738585072014e-308 : NO;
        }
        return NO;
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const v = evaluate(e.operand, ctx);
        if (v === NO) return NO;
        if (e.operator === ts.SyntaxKind.MinusToken) return -v;
        if (e.operator === ts.SyntaxKind.ExclamationToken) return !v;
        if (e.operator === ts.SyntaxKind.TildeToken) return ~v;
        return NO;
      }
      case ts.SyntaxKind.CallExpression: {
        const c = callee(e);
        if (c.kind !== "builtin" || (c.name !== "sizeof" && c.name !== "alignof")) return NO;
        const bytes = { f32: 4, f64: 8, i32: 4, u32: 4, usize: 4 }[mapType(e.typeArguments[0])];
        return c.name === "sizeof" ? bytes : Math.log2(bytes);
      }
      case ts.SyntaxKind.ConditionalExpression: {
        const c = evaluate(e.condition, undefined);
        return c === NO ? NO : evaluate(c ? e.whenTrue : e.whenFalse, ctx);
      }
      case ts.SyntaxKind.BinaryExpression: {
        const op = e.operatorToken.kind;
        const types = binaryTypes(e, ctx);
        if (op === ts.SyntaxKind.EqualsToken || COMPOUND.has(op) || op === ts.SyntaxKind.CommaToken || LOGICAL.has(op)) return NO;
        const a = evaluate(e.left, types.left);
        const b = evaluate(e.right, types.left);
        if (a === NO || b === NO) return NO;
        const t = types.operand;
        switch (e.operatorToken.getText()) {
          case "==": case "===": return a === b;
          case "!=": case "!==": return a !== b;
          case "<": return a < b;
          case "<=": return a <= b;
          case ">": return a > b;
          case ">=": return a >= b;
          case "+": return round(a + b, t);
          case "-": return round(a - b, t);
          case "*": return isFloat(t) ? round(a * b, t) : round(Math.imul(a, b), t);
          case "/": return isFloat(t) ? round(a / b, t) : round(Math.trunc(a / b), t);
          case "%": return round(a % b, t);
          case "&": return round(a & b, t);
          case "|": return round(a | b, t);
          case "^": return round(a ^ b, t);
          case "<<": return round(a << b, t);
          case ">>": return round(t === "i32" ? a >> b : a >>> b, t);
          case ">>>": return round(a >>> b, t);
          default: return NO;
        }
      }
      default:
        return NO;
    }
  }

  const literal = (v) => (typeof v === "boolean" ? String(v) : Object.is(v, -0) ? "-0" : v < 0 ? `(${v})` : String(v));

  // ---- functions: which compile per lane --------------------------------------------------
  const functions = [];
  for (const sf of moduleOrder()) for (const st of sf.statements) if (ts.isFunctionDeclaration(st)) functions.push(st);
  const hasVectors = (fn) => fn.parameters.some((p) => isVector(mapType(p.type))) || (fn.type && isVector(mapType(fn.type)));
  /**
   * "lane": the function's vectors are independent lanes (no lane sums), so it compiles to a scalar
   * function of one lane with the lane index as a last argument. "vector": everything else;
   * its vector parameters become LANES parameters each.
   */
  const modes = new Map(functions.map((fn) => [fn, hasVectors(fn) ? "lane" : "vector"]));
  for (let changed = true; changed;) {
    changed = false;
    for (const fn of functions) {
      if (modes.get(fn) !== "lane" || !crossesLanes(fn.body)) continue;
      if (fn.type && isVector(mapType(fn.type))) fail(fn, "a function returning a vector may not sum across lanes");
      modes.set(fn, "vector");
      changed = true;
    }
  }
  function crossesLanes(node) {
    let found = false;
    const visit = (n) => {
      if (found) return;
      if (ts.isCallExpression(n)) {
        const c = callee(n);
        if (c.kind === "vector" && ["vsum", "vfirst", "vstoreSums4"].includes(c.name)) found = true;
        if (c.kind === "function" && modes.get(c.decl) === "vector" && hasVectors(c.decl)) found = true;
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
    return found;
  }

  /** Whether a function can allocate (and so grow the heap and replace its views). */
  const allocating = new Map();
  function allocates(fn) {
    if (allocating.has(fn)) return allocating.get(fn);
    allocating.set(fn, false);
    let found = false;
    const visit = (n) => {
      if (found) return;
      if (ts.isCallExpression(n)) {
        const c = callee(n);
        if (c.kind === "member" && ((c.object === "heap" && c.name === "alloc") || (c.object === "memory" && c.name === "data"))) found = true;
        if (c.kind === "function" && allocates(c.decl)) found = true;
      }
      ts.forEachChild(n, visit);
    };
    visit(fn.body);
    allocating.set(fn, found);
    return found;
  }

  // ---- emission ---------------------------------------------------------------------------
  const VIEW = { f32: ["HF32", 2], f64: ["HF64", 3], i32: ["HI32", 2], u32: ["HU32", 2], usize: ["HU32", 2] };
  const view = (t, node) => VIEW[isPtr(t) ? "usize" : t] ?? fail(node, `no memory view for ${t}`);
  const index = (address, shift, offset) => (offset === "" ? `(${address}) >>> ${shift}` : `((${address}) >>> ${shift}) + ${offset}`);

  /** Per-function emission state. */
  let fnMode = "vector";
  /** Whether the function being emitted can allocate. */
  let currentAllocates = false;
  /** Vec locals declared `const x = vsplat(...)`: the same in every lane, so one scalar. */
  let uniform = new Set();
  /** Scalar subexpressions of a statement emitted once per lane, evaluated once before the lanes. */
  let hoisted = null;
  let temps = 0;

  function hoist(text) {
    if (!hoisted || /^[\w$.]+$/.test(text)) return text;
    let name = hoisted.get(text);
    if (!name) hoisted.set(text, (name = `$h${temps++}`));
    return name;
  }

  function convert(text, from, to) {
    if (!to || from === to || to === "void" || isVector(to) || isVector(from)) return text;
    if (to === "f32") return from === "f32" ? text : `Math.fround(${text})`;
    if (to === "f64") return text;
    if (isFloat(from)) return to === "i32" ? `(${text} | 0)` : to === "bool" ? text : `(${text} >>> 0)`;
    if (to === "i32" && (from === "u32" || from === "usize")) return `(${text} | 0)`;
    if (from === "bool" && to !== "bool") return `(+${text})`;
    return text;
  }

  /** Emits `e` as a value of type `want`, converting from its own type. */
  const value = (e, want, lane) => convert(ex(e, want, lane), typeOf(e, want), want);

  function arithmetic(op, a, b, t) {
    switch (t) {
      case "f32":
        return `Math.fround(${a} ${op} ${b})`;
      case "f64":
        return `(${a} ${op} ${b})`;
      case "i32":
      case "bool":
        if (op === "+" || op === "-") return `((${a} ${op} ${b}) | 0)`;
        if (op === "*") return `Math.imul(${a}, ${b})`;
        if (op === "/") return `((${a} / ${b}) | 0)`;
        if (op === ">>>") return `((${a} >>> ${b}) | 0)`;
        return `(${a} ${op} ${b})`;
      case "u32":
        if (op === "*") return `(Math.imul(${a}, ${b}) >>> 0)`;
        if (op === "/") return `Math.floor(${a} / ${b})`;
        if (op === ">>" || op === ">>>" || op === "%") return `(${a} ${op === "%" ? "%" : ">>>"} ${b})`;
        return `((${a} ${op} ${b}) >>> 0)`;
      default: // usize and pointers: wasm32 addresses, far below 2^31 in practice
        if (op === "/") return `Math.floor(${a} / ${b})`;
        if (op === ">>") return `(${a} >>> ${b})`;
        if (op === "&" || op === "|" || op === "^") return `((${a} ${op} ${b}) >>> 0)`;
        return `(${a} ${op} ${b})`;
    }
  }

  function laneOffset(lane, scale = 1, plus = 0) {
    if (typeof lane === "number") {
      const k = lane * scale + plus;
      return k === 0 ? "" : String(k);
    }
    const base = scale === 1 ? lane : `${scale} * ${lane}`;
    return plus ? `${base} + ${plus}` : base;
  }

  function needLane(e, lane) {
    if (lane === null || lane === undefined) fail(e, "vector value outside a per-lane statement");
    return lane;
  }

  function ex(e, ctx, lane = null) {
    // Integer constant expressions fold (loop steps such as 4 * STEP).
    if (ts.isBinaryExpression(e) || ts.isParenthesizedExpression(e) || ts.isPrefixUnaryExpression(e) || ts.isIdentifier(e)) {
      const t = typeOf(e, ctx);
      if (!isFloat(t) && !isVector(t)) {
        const v = evaluate(e, ctx);
        if (v !== NO) return literal(v);
      }
    }
    switch (e.kind) {
      case ts.SyntaxKind.NumericLiteral:
        return literal(round(Number(e.text), typeOf(e, ctx)));
      case ts.SyntaxKind.TrueKeyword:
        return "true";
      case ts.SyntaxKind.FalseKeyword:
        return "false";
      case ts.SyntaxKind.NullKeyword:
        return "0";
      case ts.SyntaxKind.Identifier:
        return identifier(e, lane);
      case ts.SyntaxKind.ParenthesizedExpression:
        return `(${ex(e.expression, ctx, lane)})`;
      case ts.SyntaxKind.TypeAssertionExpression: {
        const t = mapType(e.type);
        const v = evaluate(e, ctx);
        if (v !== NO) return literal(v);
        return convert(ex(e.expression, t, lane), typeOf(e.expression, t), t);
      }
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const v = evaluate(e, ctx);
        if (v !== NO) return literal(v);
        const op = ts.tokenToString(e.operator);
        const t = typeOf(e, ctx);
        if (op === "++" || op === "--") fail(e, "prefix increment");
        if (op === "~" && t === "u32") return `(~${ex(e.operand, ctx, lane)} >>> 0)`;
        if (op === "-" && t === "i32") return `(-${ex(e.operand, ctx, lane)} | 0)`;
        return `(${op}${ex(e.operand, ctx, lane)})`;
      }
      case ts.SyntaxKind.PostfixUnaryExpression: {
        if (!ts.isIdentifier(e.operand) || typeOf(e.operand) !== "i32") fail(e, "only i32 locals may be incremented");
        return `${ex(e.operand, undefined, lane)}${ts.tokenToString(e.operator)}`;
      }
      case ts.SyntaxKind.PropertyAccessExpression: {
        const v = evaluate(e, ctx);
        if (v !== NO) return literal(v);
        const f = field(e);
        const [name, shift] = view(f.type, e);
        return `${name}[${index(f.offset ? `${ex(e.expression, undefined, lane)} + ${f.offset}` : ex(e.expression, undefined, lane), shift, "")}]`;
      }
      case ts.SyntaxKind.ConditionalExpression: {
        const t = typeOf(e, ctx);
        return `(${ex(e.condition, undefined, lane)} ? ${value(e.whenTrue, t, lane)} : ${value(e.whenFalse, t, lane)})`;
      }
      case ts.SyntaxKind.BinaryExpression:
        return binary(e, ctx, lane);
      case ts.SyntaxKind.CallExpression:
        return call(e, ctx, lane);
      default:
        fail(e, `unsupported expression (${ts.SyntaxKind[e.kind]})`);
    }
  }

  function identifier(e, lane) {
    if (e.text === "Infinity" || e.text === "NaN") return e.text;
    const decl = resolve(e);
    const c = constantOf(decl);
    if (c !== NO) return literal(c);
    if (isTopLevel(decl)) return `${moduleOf(decl)}$${decl.name.text}`;
    if (isVector(declType(decl)) && fnMode === "vector" && !uniform.has(decl)) {
      return typeof needLane(e, lane) === "number" ? `${e.text}$${lane}` : fail(e, "lane variable in a lane function");
    }
    return e.text;
  }

  function binary(e, ctx, lane) {
    const op = e.operatorToken.kind;
    const text = e.operatorToken.getText();
    if (op === ts.SyntaxKind.CommaToken) return `${ex(e.left, undefined, lane)}, ${ex(e.right, undefined, lane)}`;
    if (op === ts.SyntaxKind.EqualsToken || COMPOUND.has(op)) return assign(e, lane);
    if (LOGICAL.has(op)) return `(${ex(e.left, undefined, lane)} ${text} ${ex(e.right, undefined, lane)})`;
    const types = binaryTypes(e, ctx);
    const a = convert(ex(e.left, COMPARISON.has(op) ? undefined : ctx, lane), types.left, types.operand);
    const b = convert(ex(e.right, types.left, lane), types.right, types.operand);
    if (COMPARISON.has(op)) return `(${a} ${text} ${b})`;
    return arithmetic(text, a, b, types.operand);
  }

  function assign(e, lane) {
    const op = e.operatorToken.kind;
    const t = typeOf(e.left, undefined);
    let target;
    if (ts.isIdentifier(e.left)) target = identifier(e.left, lane);
    else if (ts.isPropertyAccessExpression(e.left)) target = ex(e.left, undefined, lane);
    else fail(e, "unsupported assignment target");
    if (op === ts.SyntaxKind.EqualsToken) return storeTo(target, value(e.right, t, lane));
    const rightType = typeOf(e.right, t);
    const operand = common(t, rightType);
    const result = arithmetic(COMPOUND.get(op), convert(target, t, operand), convert(ex(e.right, t, lane), rightType, operand), operand);
    return storeTo(target, convert(result, operand, t));
  }

  /**
   * `target = value`. JavaScript takes a typed array before it evaluates the value, so where the
   * value may allocate (and grow the heap, replacing its views) the store goes through a setter
   * that reads the current view afterwards, as a Wasm store would.
   */
  function storeTo(target, text) {
    const m = /^(H(?:U8|I32|U32|F32|F64))\[([\s\S]*)\]$/.exec(target);
    if (m && currentAllocates) return `$set(${m[1] === "HU8" ? 0 : m[1]}, ${m[2]}, ${text})`.replace(/^\$set\((H\w+), /, "$$set$1(");
    return `${target} = ${text}`;
  }

  function call(e, ctx, lane) {
    const c = callee(e);
    const args = e.arguments;
    const typeArg = e.typeArguments?.[0];
    if (c.kind === "member") {
      const list = (t) => args.map((a) => value(a, t, lane)).join(", ");
      if (c.object === "Math") {
        if (["exp", "log", "log1p", "cos", "pow"].includes(c.name)) return `$NM.${c.name}(${list("f64")})`;
        if (["sqrt", "abs", "min", "max", "floor"].includes(c.name)) return `Math.${c.name}(${list("f64")})`;
      }
      if (c.object === "heap" && c.name === "alloc") return `$alloc(${list("usize")})`;
      if (c.object === "heap" && c.name === "free") return `$free(${list("usize")})`;
      if (c.object === "memory" && c.name === "fill") return `$fill(${list("usize")})`;
      if (c.object === "memory" && c.name === "copy") return `$copy(${list("usize")})`;
      if (c.object === "memory" && c.name === "data") return `$alloc(${value(args[0], "usize", lane)})`;
      fail(e, "unsupported member call");
    }
    if (c.kind === "vector") return vectorCall(e, c.name, lane);
    if (c.kind === "function") {
      const out = [];
      const calleeMode = modes.get(c.decl);
      c.decl.parameters.forEach((p, i) => {
        const t = mapType(p.type);
        if (isVector(t)) {
          if (calleeMode === "lane") out.push(ex(args[i], t, needLane(e, lane)));
          else for (let k = 0; k < LANES; k++) out.push(ex(args[i], t, k));
        } else {
          const text = value(args[i], t, lane);
          out.push(calleeMode === "lane" ? hoist(text) : text);
        }
      });
      if (calleeMode === "lane") out.push(typeof needLane(e, lane) === "number" ? String(lane) : lane);
      return `${moduleOf(c.decl)}$${c.decl.name.text}(${out.join(", ")})`;
    }
    switch (c.name) {
      case "load": {
        const [name, shift] = view(mapType(typeArg), e);
        const address = args.length > 1 ? `${value(args[0], "usize", lane)} + ${value(args[1], "usize", lane)}` : value(args[0], "usize", lane);
        return `${name}[${index(address, shift, "")}]`;
      }
      case "store": {
        const t = mapType(typeArg);
        const [name, shift] = view(t, e);
        const address = args.length > 2 ? `${value(args[0], "usize", lane)} + ${value(args[2], "usize", lane)}` : value(args[0], "usize", lane);
        return storeTo(`${name}[${index(address, shift, "")}]`, value(args[1], t, lane));
      }
      case "changetype":
        return ex(args[0], undefined, lane);
      case "offsetof": {
        const cls = classes.get(typeArg.getText());
        return args.length ? String(cls.fields.get(args[0].text).offset) : String(cls.size);
      }
      case "min":
      case "max":
      case "abs":
      case "sqrt":
      case "nearest": {
        const t = typeOf(e, ctx);
        const list = args.map((a) => value(a, t, lane)).join(", ");
        if (c.name === "sqrt") return convert(`Math.sqrt(${list})`, "f64", t);
        if (c.name === "nearest") return `$NM.nearest(${list})`;
        return `Math.${c.name}(${list})`;
      }
      default:
        fail(e, "unsupported builtin");
    }
  }

  /** assembly/vector.ts's operations, lane `lane` of each (numbers: vector statements; "$lane": lane functions). */
  function vectorCall(e, name, lane) {
    const args = e.arguments;
    const at = (i) => ex(args[i], "Vec", lane);
    const scalar = (i, t = F) => hoist(value(args[i], t, lane));
    const element = (scale = 1, plus = 0) => `${FVIEW}[${addressed(hoist(`(${value(args[0], "usize", lane)} >>> ${FSHIFT})`), laneOffset(needLane(e, lane), scale, plus))}]`;
    const unary = { vneg: (a) => `(-${a})`, vabs: (a) => `Math.abs(${a})`, vnearest: (a) => `$NM.nearest(${a})`,
      vsqrt: (a) => convert(`Math.sqrt(${a})`, "f64", F), vexp64: (a) => `$NM.exp(${a})`, vlog64: (a) => `$NM.log(${a})`,
      vcos64: (a) => `$NM.cos(${a})`, vlog1p64: (a) => `$NM.log1p(${a})`, vpow2OfShiftedf32: (a) => `$pow2OfShifted(${a})`,
      vexponentf32: (a) => `$exponent(${a})`, vsignificandf32: (a) => `$significand(${a})` };
    const binaryOps = { vadd: "+", vsub: "-", vmul: "*", vdiv: "/" };
    const compare = { vlt: "<", vle: "<=", vgt: ">", vge: ">=" };
    if (name in unary) return unary[name](at(0));
    if (name in binaryOps) return arithmetic(binaryOps[name], at(0), at(1), F);
    if (name in compare) return `(${at(0)} ${compare[name]} ${at(1)})`;
    switch (name) {
      case "vload": return element();
      case "vloadEvens": return element(2, 0);
      case "vloadOdds": return element(2, 1);
      case "vstore": return `${element()} = ${at(1)}`;
      case "vsplat": return scalar(0);
      case "vmax": return `Math.max(${at(0)}, ${at(1)})`;
      case "vpmin": return `$pmin(${at(0)}, ${at(1)})`;
      case "vpmax": return `$pmax(${at(0)}, ${at(1)})`;
      case "vselect": return `(${at(2)} ? ${at(0)} : ${at(1)})`;
      case "vfirst": return ex(args[0], "Vec", 0);
      case "vsum": return laneSum(args[0]);
      default: fail(e, "unsupported vector operation");
    }
  }

  const addressed = (base, offset) => (offset === "" ? base : `${base} + ${offset}`);

  /** The lanes of a vector added as the SIMD build adds them: (l0 + l2) + (l1 + l3), or l0 + l1. */
  function laneSum(v) {
    const l = [];
    for (let k = 0; k < LANES; k++) l.push(ex(v, "Vec", k));
    if (LANES === 2) return `(${l[0]} + ${l[1]})`;
    return `Math.fround(Math.fround(${l[0]} + ${l[2]}) + Math.fround(${l[1]} + ${l[3]}))`;
  }

  // ---- statements -------------------------------------------------------------------------
  /** Whether an expression computes vectors lane by lane (outside lane sums). */
  function perLane(e) {
    if (ts.isCallExpression(e)) {
      const c = callee(e);
      if (c.kind === "vector" && ["vsum", "vfirst", "vstoreSums4"].includes(c.name)) return false;
      if (c.kind === "function" && modes.get(c.decl) === "vector") return e.arguments.some((a, i) => !isVector(mapType(c.decl.parameters[i].type)) && perLane(a));
      if (isVector(typeOf(e, undefined))) return true;
      return e.arguments.some(perLane);
    }
    if (ts.isBinaryExpression(e)) {
      if (e.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(e.left) && isVector(typeOf(e.left))) return true;
      return perLane(e.left) || perLane(e.right);
    }
    if (ts.isParenthesizedExpression(e) || ts.isTypeAssertionExpression(e)) return perLane(e.expression);
    if (ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e)) return perLane(e.operand);
    if (ts.isConditionalExpression(e)) return isVector(typeOf(e, undefined)) || perLane(e.condition) || perLane(e.whenTrue) || perLane(e.whenFalse);
    if (ts.isPropertyAccessExpression(e)) return !isEnumMember(e) && perLane(e.expression);
    if (ts.isIdentifier(e)) return isVector(typeOf(e, undefined));
    return false;
  }

  /** Emits a statement that computes vectors once per lane, its scalar subexpressions once before. */
  function lanes(emitLane, pad) {
    if (fnMode === "lane") return [pad + emitLane("$lane")];
    hoisted = new Map();
    const body = [];
    for (let k = 0; k < LANES; k++) body.push(pad + emitLane(k));
    const before = [...hoisted].map(([text, name]) => `${pad}const ${name} = ${text};`);
    hoisted = null;
    return [...before, ...body];
  }

  function statement(s, pad) {
    const inner = pad + "  ";
    const block = (b) => (ts.isBlock(b) ? b.statements.flatMap((x) => statement(x, inner)) : statement(b, inner));
    switch (s.kind) {
      case ts.SyntaxKind.Block:
        return [`${pad}{`, ...block(s), `${pad}}`];
      case ts.SyntaxKind.VariableStatement:
        return declarations(s.declarationList, pad);
      case ts.SyntaxKind.ExpressionStatement: {
        const e = s.expression;
        if (ts.isCallExpression(e) && callee(e).kind === "vector" && callee(e).name === "vstoreSums4") return storeSums(e, pad);
        if (perLane(e)) return lanes((k) => `${ex(e, undefined, k)};`, pad);
        return [`${pad}${ex(e, undefined, fnMode === "lane" ? "$lane" : null)};`];
      }
      case ts.SyntaxKind.ReturnStatement: {
        if (!s.expression) return [`${pad}return;`];
        const fn = ts.findAncestor(s, ts.isFunctionDeclaration);
        const t = fn.type ? mapType(fn.type) : "void";
        if (isVector(t) && fnMode !== "lane") fail(s, "vector result outside a lane function");
        return [`${pad}return ${value(s.expression, t, fnMode === "lane" ? "$lane" : null)};`];
      }
      case ts.SyntaxKind.IfStatement: {
        const out = [`${pad}if (${ex(s.expression, undefined, fnMode === "lane" ? "$lane" : null)}) {`, ...block(s.thenStatement)];
        if (s.elseStatement) out.push(`${pad}} else {`, ...block(s.elseStatement));
        out.push(`${pad}}`);
        return out;
      }
      case ts.SyntaxKind.ForStatement: {
        let init = "";
        if (s.initializer && ts.isVariableDeclarationList(s.initializer)) {
          init = declarations(s.initializer, "").join(" ").replace(/;$/, "");
        } else if (s.initializer) init = ex(s.initializer, undefined, null);
        const cond = s.condition ? ex(s.condition, undefined, null) : "";
        const step = s.incrementor ? ex(s.incrementor, undefined, null) : "";
        return [`${pad}for (${init}; ${cond}; ${step}) {`, ...block(s.statement), `${pad}}`];
      }
      case ts.SyntaxKind.WhileStatement:
        return [`${pad}while (${ex(s.expression, undefined, null)}) {`, ...block(s.statement), `${pad}}`];
      case ts.SyntaxKind.SwitchStatement: {
        const out = [`${pad}switch (${ex(s.expression, undefined, null)}) {`];
        for (const clause of s.caseBlock.clauses) {
          out.push(ts.isCaseClause(clause) ? `${inner}case ${ex(clause.expression, typeOf(s.expression), null)}:` : `${inner}default:`);
          for (const x of clause.statements) out.push(...statement(x, inner + "  "));
        }
        out.push(`${pad}}`);
        return out;
      }
      case ts.SyntaxKind.BreakStatement:
        return [`${pad}break;`];
      case ts.SyntaxKind.ContinueStatement:
        return [`${pad}continue;`];
      case ts.SyntaxKind.EmptyStatement:
        return [];
      default:
        fail(s, `unsupported statement (${ts.SyntaxKind[s.kind]})`);
    }
  }

  function declarations(list, pad) {
    const keyword = list.flags & ts.NodeFlags.Const ? "const" : "let";
    const out = [];
    for (const d of list.declarations) {
      const t = declType(d);
      const name = d.name.text;
      if (!isVector(t)) {
        out.push(`${pad}${keyword} ${name}${d.initializer ? ` = ${value(d.initializer, t, fnMode === "lane" ? "$lane" : null)}` : ""};`);
      } else if (fnMode === "lane") {
        out.push(`${pad}${keyword} ${name}${d.initializer ? ` = ${ex(d.initializer, t, "$lane")}` : ""};`);
      } else if (keyword === "const" && d.initializer && ts.isCallExpression(d.initializer) && callee(d.initializer).name === "vsplat") {
        uniform.add(d);
        out.push(`${pad}const ${name} = ${value(d.initializer.arguments[0], F, null)};`);
      } else if (!d.initializer) {
        out.push(`${pad}let ${Array.from({ length: LANES }, (_, k) => `${name}$${k}`).join(", ")};`);
      } else {
        out.push(...lanes((k) => `${keyword} ${name}$${k} = ${ex(d.initializer, t, k)};`, pad));
      }
    }
    return out;
  }

  /** vstoreSums4: four lane sums stored side by side. */
  function storeSums(e, pad) {
    const [out, ...vectors] = e.arguments;
    const name = `$h${temps++}`;
    return [`${pad}{`, `${pad}  const ${name} = ${value(out, "usize", null)} >>> ${FSHIFT};`,
      ...vectors.map((v, i) => `${pad}  ${FVIEW}[${addressed(name, i ? String(i) : "")}] = ${laneSum(v)};`), `${pad}}`];
  }

  function functionText(fn) {
    fnMode = modes.get(fn);
    currentAllocates = allocates(fn);
    uniform = new Set();
    temps = 0;
    const params = [];
    for (const p of fn.parameters) {
      const t = mapType(p.type);
      if (isVector(t) && fnMode === "vector") for (let k = 0; k < LANES; k++) params.push(`${p.name.text}$${k}`);
      else params.push(p.name.text);
    }
    if (fnMode === "lane") params.push("$lane");
    let body = fn.body.statements.flatMap((s) => statement(s, "  ")).join("\n");
    // The heap's views are replaced when it grows, which only allocation does: a function that
    // cannot allocate reads them into locals once (a closure variable would be reloaded at every
    // access), one that can reads the current ones.
    const views = [...new Set(body.match(/\bH(U8|I32|U32|F32|F64)(?=\[)/g) ?? [])];
    if (allocates(fn)) body = body.replace(/\bH(U8|I32|U32|F32|F64)(?=\[)/g, "$$$&");
    else if (views.length) body = `  const ${views.map((v) => `${v} = $${v}`).join(", ")};\n${body}`;
    return [`function ${moduleOf(fn)}$${fn.name.text}(${params.join(", ")}) {`, body, "}"].join("\n");
  }

  // ---- the module ---------------------------------------------------------------------------
  const parts = [];
  for (const sf of moduleOrder()) {
    parts.push(`// ---- ${sf.fileName.endsWith(INTERFACE) ? INTERFACE : `assembly/${moduleOf(sf)}.ts`}`);
    for (const st of sf.statements) {
      if (ts.isFunctionDeclaration(st)) parts.push(functionText(st));
      else if (ts.isVariableStatement(st)) {
        fnMode = "vector";
        for (const d of st.declarationList.declarations) {
          if (constantOf(d) !== NO) continue; // folded into every use
          parts.push(`const ${moduleOf(sf)}$${d.name.text} = ${value(d.initializer, declType(d), null)};`.replace(/\bH(U8|I32|U32|F32|F64)(?=\[)/g, "$$$&"));
        }
      } else if (!ts.isImportDeclaration(st) && !ts.isClassDeclaration(st) && !ts.isTypeAliasDeclaration(st) && !ts.isEnumDeclaration(st)) fail(st, "unsupported top-level statement");
    }
  }

  // assembly/index.ts's exports with the Wasm boundary's conversions of arguments and results.
  const indexModule = moduleOrder().at(-1);
  const exported = indexModule.statements.filter((st) => ts.isFunctionDeclaration(st) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
  const boundary = { i32: (a) => `${a} | 0`, u32: (a) => `${a} >>> 0`, usize: (a) => `${a} >>> 0`, f32: (a) => `Math.fround(${a})`, f64: (a) => `+${a}`, bool: (a) => `!!${a}` };
  const wrappers = exported.map((fn) => {
    const names = fn.parameters.map((p) => p.name.text);
    const args = fn.parameters.map((p) => boundary[mapType(p.type)](p.name.text));
    return `    ${fn.name.text}: (${names.join(", ")}) => index$${fn.name.text}(${args.join(", ")}),`;
  });
  const declarations_ = exported.map((fn) => {
    const params = fn.parameters.map((p) => `${p.name.text}: ${mapType(p.type) === "bool" ? "boolean" : "number"}`).join(", ");
    return `  ${fn.name.text}(${params}): ${fn.type && mapType(fn.type) !== "void" ? "number" : "void"};`;
  });

  const js = `// Generated by scripts/build-js-core.mjs from assembly/*.ts (Float = ${F}); do not edit.
export function instantiate(glue) {
  const heap = glue.heap;
  const $NM = glue.nativeMath;
  let $buffer, $HU8, $HI32, $HU32, $HF32, $HF64;
  function $views() {
    $buffer = heap.buffer;
    $HU8 = heap.u8; $HI32 = heap.i32; $HU32 = heap.u32; $HF32 = heap.f32; $HF64 = heap.f64;
  }
  $views();
  function $alloc(bytes) {
    const ptr = heap.alloc(bytes);
    if (heap.buffer !== $buffer) $views();
    return ptr;
  }
  function $free(ptr) { heap.free(ptr); }
  function $fill(ptr, byte, bytes) { $HU8.fill(byte, ptr, ptr + bytes); }
  function $copy(to, from, bytes) { $HU8.copyWithin(to, from, from + bytes); }
  function $setHI32(i, v) { $HI32[i] = v; }
  function $setHU32(i, v) { $HU32[i] = v; }
  function $setHF32(i, v) { $HF32[i] = v; }
  function $setHF64(i, v) { $HF64[i] = v; }
  function $pmin(a, b) { return b < a ? b : a; }
  function $pmax(a, b) { return a < b ? b : a; }
  // Bit-level float32 operations of assembly/vector.ts, through one reinterpreting word.
  const $word = new Float32Array(1);
  const $bits = new Int32Array($word.buffer);
  function $pow2OfShifted(t) { $word[0] = t; $bits[0] = ($bits[0] + ${127 - 0x4b400000}) << 23; return $word[0]; }
  function $exponent(x) { $word[0] = x; return (($bits[0] >>> 23) - 127) | 0; }
  function $significand(x) { $word[0] = x; $bits[0] = ($bits[0] & 0x007fffff) | 0x3f800000; return $word[0]; }

${parts.join("\n\n").replace(/^/gm, "  ").replace(/^ +$/gm, "")}

  return {
${wrappers.join("\n")}
  };
}
`;
  const dts = `// Generated by scripts/build-js-core.mjs from assembly/index.ts; do not edit.
export interface JsCoreGlue {
  readonly heap: {
    readonly buffer: ArrayBuffer;
    readonly u8: Uint8Array;
    readonly i32: Int32Array;
    readonly u32: Uint32Array;
    readonly f32: Float32Array;
    readonly f64: Float64Array;
    alloc(bytes: number): number;
    free(ptr: number): void;
  };
  readonly nativeMath: Readonly<Record<"exp" | "log" | "log1p" | "cos" | "nearest", (x: number) => number> & { pow(x: number, y: number): number }>;
}
export interface JsCoreExports {
${declarations_.join("\n")}
}
export declare function instantiate(glue: JsCoreGlue): JsCoreExports;
`;
  return { js, dts };
}

mkdirSync("build", { recursive: true });
for (const [float, name] of [["f32", "core-js32"], ["f64", "core-js64"]]) {
  const { js, dts } = compileCore(float);
  writeFileSync(`build/${name}.js`, js);
  writeFileSync(`build/${name}.d.ts`, dts);
}
