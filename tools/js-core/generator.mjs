// The JS-core generator: compiles a subset of AssemblyScript (README.md, beside this file, is
// the contract) to JavaScript that computes what asc's Wasm computes, bit for bit. build-core.mjs
// runs it on assembly/index.ts once per precision for the "js" backend; the fixture corpus
// (fixtures/, test/core/js-core-generator.test.ts) holds it to asc. It supplies what asc supplies:
//
// - types: AssemblyScript types (i32, u32, usize, f32, f64, bool) are all `number` here, so the
//   generator infers each expression's AssemblyScript type (declarations via the TypeScript
//   checker, operators by asc's rules: the left operand sets the context, integer literals take
//   the contextual type, the left operand's type wins among integers) and emits what that type's
//   arithmetic does: Math.fround after every f32 operation, |0 and Math.imul for i32, >>>0 for
//   u32 and usize, saturating truncation for float → integer, traps for integer division by 0.
// - SIMD: assembly/simd/vector.ts's operations are intrinsics. A Vec is LANES floats, so every
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
// returns the entries' exports with the Wasm boundary's conversions, plus a .d.ts. A construct
// outside the subset is a GeneratorError naming file and line, so a new kernel either compiles
// faithfully or fails the build.
import ts from "typescript";
import { dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** A construct outside the subset (README.md), or a source the generator cannot compile faithfully. */
export class GeneratorError extends Error {
  name = "GeneratorError";
}

const REPO = resolvePath(dirname(fileURLToPath(import.meta.url)), "..", "..");
/**
 * The layer every kernel is written against: constants and intrinsics here, not compiled. The
 * SIMD build's two-lane NativeMath (nativemath-vector, -tables) is bit-identical to the scalar
 * calls, so the JS core calls the NativeMath port for vexp64 and the like.
 */
const GLUE = new Set(["precision", "vector", "vector-scalar", "nativemath-vector", "nativemath-tables"].map((name) => join(REPO, "assembly", "simd", `${name}.ts`)));
/** The core/host interface (enums and constants), which the core imports from the bindings. */
const INTERFACE = join(REPO, "bindings", "core", "interface.ts");

/**
 * Deliberately wrong emissions, each the bug of an earlier version of this generator. The fixture
 * corpus must catch every one of them (test/js-core-generator-mutations.test.ts); nothing else
 * passes them.
 */
export const MUTATIONS = {
  /** float → i32 as JavaScript's ToInt32 (wraps) instead of Wasm's saturating truncation. */
  "float-to-int-wraps": "float → i32/u32 wraps instead of saturating",
  /** i32 → u32 keeps the signed number (so -1 < 10 as u32). */
  "int-reinterpret-skipped": "i32 → u32/usize is not reinterpreted",
  /** i32 remainder without normalising JavaScript's -0. */
  "remainder-negative-zero": "i32 % may give -0",
  /** f32 arithmetic without rounding to float32. */
  "f32-not-rounded": "f32 addition is not rounded to float32",
};

/** i32.trunc_sat_f64_s, which asc emits for <i32>x of a float: NaN is 0, out of range saturates. */
function truncSatS(x) { return x !== x ? 0 : x >= 2147483647 ? 2147483647 : x <= -2147483648 ? -2147483648 : x | 0; }
/** i32.trunc_sat_f64_u, which asc emits for <u32>x and <usize>x of a float: NaN and x ≤ -1 are 0. */
function truncSatU(x) { return x !== x || x <= 0 ? 0 : x >= 4294967295 ? 4294967295 : x >>> 0; }

/**
 * Compiles AssemblyScript to a JavaScript module exporting `instantiate(glue)`.
 * - entries: the AssemblyScript files whose exported functions the module exports.
 * - floatType: what assembly/simd/precision.ts's `Float` means ("f32" or "f64").
 * - root: folder that module names are relative to (a file in root/a/b.ts has functions a$b$f).
 * - mutation: a key of MUTATIONS, only for the fixture corpus's test of itself.
 * Returns the module's text, its .d.ts and the exports' signatures (AssemblyScript types).
 */
export function compile({ entries, floatType, root, mutation }) {
  if (mutation !== undefined && !(mutation in MUTATIONS)) throw new GeneratorError(`unknown mutation ${mutation}; expected one of ${Object.keys(MUTATIONS).join(", ")}`);
  const mutated = (name) => mutation === name;
  const entryFiles = entries.map((f) => resolvePath(f));
  const rootDir = resolvePath(root);
  const program = ts.createProgram(entryFiles, {
    noLib: true, types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, experimentalDecorators: true, noResolve: false,
  });
  const checker = program.getTypeChecker();
  const pathOf = (sf) => resolvePath(sf.fileName);
  const sources = program.getSourceFiles();
  const shown = (file) => relative(process.cwd(), file).split(sep).join("/");
  const isGlue = (node) => GLUE.has(pathOf(node.getSourceFile()));

  function fail(node, message) {
    const sf = node.getSourceFile();
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
    throw new GeneratorError(`${shown(sf.fileName)}:${line + 1}: ${message}: ${node.getText().slice(0, 120)}`);
  }

  /**
   * A module's prefix for its top-level names: its path below root with folders joined by `$`
   * (assembly/kernels/layer.ts → kernels$layer), its file name for a file outside root. Source
   * names may not contain `$`, so `a$b` + `f` never meets `a` + `b$f`; two files whose prefixes
   * still meet (a-b.ts, a_b.ts) fail the build.
   */
  const prefixes = new Map();
  for (const sf of sources) {
    if (isGlue(sf)) continue;
    const path = pathOf(sf);
    const inside = !relative(rootDir, path).startsWith("..") && !isAbsolute(relative(rootDir, path));
    const rel = (inside ? relative(rootDir, path) : path.split(sep).at(-1)).replace(/\.ts$/, "");
    const prefix = rel.split(sep).map((part) => part.replace(/[^A-Za-z0-9_]/g, "_")).join("$");
    const other = [...prefixes].find(([, p]) => p === prefix);
    if (other) throw new GeneratorError(`${shown(path)} and ${shown(other[0])} would both name their functions ${prefix}$…; rename one`);
    prefixes.set(path, prefix);
  }
  const moduleOf = (node) => prefixes.get(pathOf(node.getSourceFile()));

  /** Names the generated code uses itself; a source name may not shadow them. */
  const RESERVED = new Set(["Math", "NaN", "Infinity", "undefined", "heap", "glue", "instantiate", "HU8", "HI32", "HU32", "HF32", "HF64", "arguments", "eval"]);
  for (const sf of sources) {
    if (isGlue(sf)) continue;
    const visit = (n) => {
      if (ts.isIdentifier(n) && n.text.includes("$")) fail(n, "names may not contain `$` (the generator's own names do)");
      if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isFunctionDeclaration(n)) && n.name && ts.isIdentifier(n.name) && RESERVED.has(n.name.text)) {
        fail(n, `\`${n.name.text}\` is a name the generated JavaScript uses`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }

  /**
   * A buffer enum of the interface names the last fields of a core record, in order: the core
   * finds buffer `id` at slot `id` of those fields (assembly/kernels/layer.ts layerBufferSlot). A field
   * added on one side only would shift every id after it, so it fails the build here.
   */
  function checkBufferSlots() {
    const iface = sources.find((sf) => pathOf(sf) === INTERFACE);
    if (!iface) return; // a fixture, not the core
    for (const [enumName, className] of [["LayerBuffer", "Layer"], ["AgentBuffer", "Agent"]]) {
      const en = iface.statements.find((st) => ts.isEnumDeclaration(st) && st.name.text === enumName);
      const cls = sources.flatMap((sf) => sf.statements).find((st) => ts.isClassDeclaration(st) && st.name?.text === className);
      if (!en || !cls) continue;
      const members = en.members.map((m) => m.name.getText());
      const fields = cls.members.filter(ts.isPropertyDeclaration).map((m) => m.name.getText()).slice(-members.length);
      if (members.some((m, k) => m !== fields[k]) || en.members.some((m) => m.initializer)) {
        fail(cls, `the last fields of ${className} must be ${shown(INTERFACE)} ${enumName}'s members in order, without initializers (${members.join(", ")}); they are ${fields.join(", ")}`);
      }
    }
  }
  checkBufferSlots();

  /** Whether an expression names an enum member (a constant, folded where used). */
  function isEnumMember(e) {
    if (!ts.isPropertyAccessExpression(e)) return false;
    const sym = checker.getSymbolAtLocation(e.name);
    return !!sym && !!(sym.flags & ts.SymbolFlags.EnumMember);
  }

  /** The source file an import names. */
  function imported(st) {
    const sym = checker.getSymbolAtLocation(st.moduleSpecifier);
    const sf = sym?.valueDeclaration;
    if (!sf || !ts.isSourceFile(sf)) fail(st, "import of a module that is not an AssemblyScript file here");
    return sf;
  }

  /** Modules in dependency order from the entries (constants must exist before use). */
  function moduleOrder() {
    const order = [];
    const seen = new Set();
    const visit = (sf) => {
      if (seen.has(sf) || isGlue(sf)) return;
      seen.add(sf);
      for (const st of sf.statements) {
        if (ts.isImportDeclaration(st)) visit(imported(st));
      }
      order.push(sf);
    };
    for (const file of entryFiles) visit(sources.find((sf) => pathOf(sf) === file));
    return order;
  }
  const entrySources = moduleOrder().filter((sf) => entryFiles.includes(pathOf(sf)));

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
    if (isGlue(sf)) continue;
    for (const st of sf.statements) {
      if (!ts.isClassDeclaration(st)) continue;
      classes.set(st.name.text, { decl: st, fields: new Map(), size: 0 });
    }
  }
  for (const cls of classes.values()) {
    // A managed class is a GC object made with `new`; only @unmanaged records are plain memory.
    if (!ts.getDecorators(cls.decl)?.some((d) => d.expression.getText() === "unmanaged")) fail(cls.decl, "a class that is not @unmanaged");
    if (cls.decl.heritageClauses) fail(cls.decl, "a class that extends or implements another");
    let at = 0;
    for (const m of cls.decl.members) {
      if (!ts.isPropertyDeclaration(m) || !m.type) fail(m, "only typed fields are supported in @unmanaged classes");
      if (m.initializer) fail(m, "a field initializer (an @unmanaged record is never constructed)");
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
    if (isGlue(decl)) {
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

  const isInt = (t) => t === "i32" || t === "u32" || t === "usize" || isPtr(t);
  const isSigned = (t) => t === "i32";

  /**
   * The type a binary operation computes in, by AssemblyScript's rules (asc 0.27): integers of
   * one size take the left operand's type (i32 + u32 is i32, u32 + i32 is u32); an integer or
   * f32 meets f64 in f64; an integer meets f32 only as a literal (else asc refuses, and so do we);
   * bool meets an integer in the integer. `node` names the expression in the error.
   */
  function common(a, b, node) {
    if (a === b) return a;
    if (isVector(a) || isVector(b)) return isVector(a) ? a : b;
    if (a === "f64" || b === "f64") {
      if (a === "bool" || b === "bool") fail(node, "bool with f64: convert it explicitly");
      return "f64";
    }
    if (a === "f32" || b === "f32") {
      if (node && ts.isBinaryExpression(node) && (ts.isNumericLiteral(node.left) || ts.isNumericLiteral(node.right))) return "f32";
      fail(node, `${a} with ${b}: asc refuses this without an explicit conversion`);
    }
    if (a === "bool") return b;
    if (b === "bool") return a;
    return isPtr(a) ? "usize" : a;
  }


  const COMPARISON = new Set([ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken,
    ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken]);
  const ORDERING = new Set([ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken]);
  const BITWISE = new Set([ts.SyntaxKind.AmpersandToken, ts.SyntaxKind.BarToken, ts.SyntaxKind.CaretToken, ts.SyntaxKind.LessThanLessThanToken,
    ts.SyntaxKind.GreaterThanGreaterThanToken, ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken]);
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
    if (decl && isGlue(decl)) return { kind: "vector", name: c.text };
    if (decl && ts.isFunctionDeclaration(decl)) return { kind: "function", name: c.text, decl };
    if (decl) fail(call, "unsupported callee");
    return { kind: "builtin", name: c.text };
  }

  const VECTOR_SCALAR_RESULT = { vsum: F, vfirst: F, vstore: "void", vstoreSums4: "void", vlt: "Mask", vle: "Mask", vgt: "Mask", vge: "Mask" };

  function typeOf(e, ctx) {
    switch (e.kind) {
      case ts.SyntaxKind.NumericLiteral: {
        // A literal with a point or an exponent is a float whatever the context (asc: <i32>3e9
        // converts the f64 3e9); an integer literal takes a numeric context's type.
        const source = e.getText(); // e.text is normalised: 1.5e10 reads "15000000000"
        const integer = /^0x/i.test(source) || !/[.eE]/.test(source);
        if (ctx && !isVector(ctx) && ctx !== "void" && ctx !== "bool" && !isPtr(ctx) && (integer || isFloat(ctx))) return ctx;
        return integer ? "i32" : "f64";
      }
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
        return common(typeOf(e.whenTrue, ctx), typeOf(e.whenFalse, ctx), e);
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
            return e.arguments.length > 1 ? common(first, typeOf(e.arguments[1], first), e) : first;
          }
          default:
            fail(e, "unsupported builtin");
        }
    }
  }

  /** Whether an expression's value is only tested for truth. */
  function isCondition(e) {
    let node = e;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    const p = node.parent;
    if ((ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) && p.expression === node) return true;
    if (ts.isForStatement(p) && p.condition === node) return true;
    if (ts.isConditionalExpression(p) && p.condition === node) return true;
    if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) return true;
    return ts.isBinaryExpression(p) && LOGICAL.has(p.operatorToken.kind) && isCondition(p);
  }

  /** AssemblyScript's typing of a binary expression: the left operand in the context, the right in the left's type. */
  function binaryTypes(e, ctx) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken || COMPOUND.has(op)) {
      const t = typeOf(e.left, undefined);
      return { type: t, left: t, right: typeOf(e.right, t), operand: t };
    }
    if (op === ts.SyntaxKind.CommaToken) return { type: typeOf(e.right, ctx) };
    if (LOGICAL.has(op)) {
      // asc gives `a && b` the operands' type and value, as JavaScript does; the subset allows
      // that value only as a truth value (JavaScript's truthiness of a number is Wasm's: 0 and
      // NaN are false) unless both operands are bool.
      const types = [typeOf(e.left, undefined), typeOf(e.right, undefined)];
      if (types.some((t) => isVector(t))) fail(e, "&& or || of vectors");
      if (types.some((t) => t !== "bool") && !isCondition(e)) fail(e, "&& or || of numbers whose value is used as a number");
      return { type: "bool" };
    }
    const left = typeOf(e.left, COMPARISON.has(op) ? undefined : ctx);
    const right = typeOf(e.right, left);
    if (ORDERING.has(op) && isInt(left) && isInt(right) && isSigned(left) !== isSigned(right)) fail(e, `${left} and ${right} compared: asc refuses mixed signedness`);
    if (!COMPARISON.has(op) && left === "bool" && right === "bool") fail(e, "arithmetic on two bools");
    if (BITWISE.has(op) && (isFloat(left) || isFloat(right))) fail(e, "a bit operation on a float");
    const operand = SHIFT.has(op) ? (left === "bool" ? fail(e, "shift of a bool") : isPtr(left) ? "usize" : left) : common(left, right, e);
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
    if (isGlue(decl)) v = GLUE_CONSTANTS[decl.name.text]?.[0] ?? NO;
    else if (ts.isVariableDeclaration(decl) && isTopLevel(decl) && decl.parent.flags & ts.NodeFlags.Const && decl.initializer) {
      v = evaluate(decl.initializer, declType(decl));
    }
    constants.set(decl, v);
    return v;
  }

  /** A value of type `t` as Wasm holds it: f32 rounded, integers wrapped (the folding's arithmetic). */
  const round = (v, t) => (t === "f32" ? Math.fround(v) : t === "i32" ? v | 0 : t === "u32" || t === "usize" || isPtr(t) ? v >>> 0 : v);
  /** A constant converted as the emitted code converts it at run time (convert). */
  function castValue(v, from, to) {
    if (typeof v === "boolean") return to === "bool" ? v : round(+v, to);
    if (to === "bool") return isFloat(from) ? !!v : v !== 0;
    if (isFloat(from) && isInt(to)) return (to === "i32" ? truncSatS : truncSatU)(v);
    return round(v, to);
  }

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
        return v === NO ? NO : castValue(v, typeOf(e.expression, t), t);
      }
      case ts.SyntaxKind.PropertyAccessExpression:
        if (isEnumMember(e)) {
          const v = checker.getConstantValue(checker.getSymbolAtLocation(e.name).valueDeclaration);
          return typeof v === "number" ? v : fail(e, "an enum member without a constant integer value");
        }
        if (ts.isIdentifier(e.expression) && e.name.text === "MIN_NORMAL_VALUE") {
          return e.expression.text === "f32" ? 1.1754943508222875e-38 : e.expression.text === "f64" ? 2.2250738585072014e-308 : NO;
        }
        return NO;
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const v = evaluate(e.operand, ctx);
        if (v === NO) return NO;
        const t = typeOf(e, ctx);
        if (typeof v !== "number" && e.operator !== ts.SyntaxKind.ExclamationToken) return NO;
        if (e.operator === ts.SyntaxKind.MinusToken) return round(-v, t);
        if (e.operator === ts.SyntaxKind.ExclamationToken) return !v;
        if (e.operator === ts.SyntaxKind.TildeToken) return isFloat(t) ? NO : round(~v, t);
        if (e.operator === ts.SyntaxKind.PlusToken) return v;
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
        const t = types.operand;
        let a = evaluate(e.left, types.left);
        let b = evaluate(e.right, types.left);
        if (a === NO || b === NO || typeof a !== "number" || typeof b !== "number") return NO;
        if (!SHIFT.has(op)) {
          a = castValue(a, types.left, t);
          b = castValue(b, types.right, t);
        }
        // Wasm traps there; left to run time, which traps too.
        if (!isFloat(t) && (e.operatorToken.getText() === "/" || e.operatorToken.getText() === "%") && (b === 0 || (t === "i32" && a === -2147483648 && b === -1))) return NO;
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
  const index = (address, shift, offset) => {
    address = wrappedAddresses.get(address) ?? address;
    return offset === "" ? `(${address}) >>> ${shift}` : `((${address}) >>> ${shift}) + ${offset}`;
  };

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

  /**
   * Text that is a wrapped usize (`((x) >>> 0)`) → the same without the wrap. A memory index
   * shifts with >>>, which wraps by itself, so an address computed there keeps the unwrapped form.
   */
  const wrappedAddresses = new Map();

  /**
   * `text`, a value of type `from`, as a value of type `to`, with Wasm's semantics: integers
   * reinterpret (i32 -1 is u32 4294967295), floats truncate to integers saturating (asc emits
   * i32.trunc_sat_f64_s/_u: NaN is 0), f64 rounds to f32 to nearest. `modular`: the consumer only
   * uses the value modulo 2^32 (+, -, *, bit operations), so reinterpreting between integer
   * types is a no-op there.
   */
  function convert(text, from, to, modular = false) {
    if (!to || from === to || to === "void" || isVector(to) || isVector(from)) return text;
    if (isPtr(from)) from = "usize";
    if (isPtr(to)) to = "usize";
    if (from === to) return text;
    if (to === "f32") return from === "bool" ? `(+${text})` : `Math.fround(${text})`;
    if (to === "f64") return from === "bool" ? `(+${text})` : text;
    if (to === "bool") return isFloat(from) ? `!!(${text})` : `(${text} !== 0)`;
    if (from === "bool") return `(+${text})`;
    if (isFloat(from)) {
      if (mutated("float-to-int-wraps")) return to === "i32" ? `(${text} | 0)` : `(${text} >>> 0)`;
      return to === "i32" ? `$truncSatS(${text})` : `$truncSatU(${text})`;
    }
    if (modular) return text;
    if (to === "i32") return `(${text} | 0)`; // from u32/usize
    if (from === "i32" && !mutated("int-reinterpret-skipped")) {
      const wrapped = `(${text} >>> 0)`;
      wrappedAddresses.set(wrapped, text);
      return wrapped;
    }
    return text; // u32 ↔ usize: one representation
  }

  /**
   * Conversions asc makes without a cast: integers among themselves and bool to integers; an
   * integer or f32 to f64. The rest (float → integer, f64 → f32, integer → f32) need `<T>x`.
   */
  function implicitly(e, from, to) {
    if (!to || from === to || to === "void" || isVector(to) || isVector(from) || (isPtr(from) && isPtr(to))) return;
    if (isInt(to) && (isInt(from) || from === "bool")) return;
    if (to === "f64" && (isInt(from) || from === "f32")) return;
    if (to === "f32" && ts.isNumericLiteral(e)) return;
    fail(e, `${from} used as ${to}: asc needs an explicit <${to}> here`);
  }

  /** Emits `e` as a value of type `want`, converting from its own type (as asc does implicitly). */
  const value = (e, want, lane) => {
    const from = typeOf(e, want);
    implicitly(e, from, want);
    if (isInt(from) && isInt(want) && from !== want) {
      const v = evaluate(e, want); // an integer constant converts at build time
      if (typeof v === "number") return literal(castValue(v, from, want));
    }
    return convert(ex(e, want, lane), from, want);
  };

  /** Integer division and remainder: Wasm traps on a zero divisor (and on i32 -2^31 / -1). */
  const nonzeroLiteral = (b) => /^\(?-?\d+\)?$/.test(b) && Number(b.replace(/[()]/g, "")) !== 0;

  function arithmetic(op, a, b, t) {
    switch (t) {
      case "f32":
        if (mutated("f32-not-rounded") && op === "+") return `(${a} ${op} ${b})`;
        return `Math.fround(${a} ${op} ${b})`;
      case "f64":
        return `(${a} ${op} ${b})`;
      case "i32":
      case "bool":
        if (op === "+" || op === "-") return `((${a} ${op} ${b}) | 0)`;
        if (op === "*") return `Math.imul(${a}, ${b})`;
        if (op === "/") return nonzeroLiteral(b) && Number(b.replace(/[()]/g, "")) !== -1 ? `((${a} / ${b}) | 0)` : `$divS(${a}, ${b})`;
        // JavaScript's % gives -0 for a negative multiple; Wasm's i32.rem_s gives 0.
        if (op === "%") return mutated("remainder-negative-zero") ? `(${a} % ${b})` : nonzeroLiteral(b) ? `((${a} % ${b}) | 0)` : `$remS(${a}, ${b})`;
        if (op === ">>>") return `((${a} >>> ${b}) | 0)`;
        return `(${a} ${op} ${b})`;
      default: { // u32, usize and pointers: uint32 numbers
        let text;
        if (op === "*") text = `(Math.imul(${a}, ${b}) >>> 0)`;
        else if (op === "/") return nonzeroLiteral(b) ? `Math.floor(${a} / ${b})` : `$divU(${a}, ${b})`;
        else if (op === "%") return nonzeroLiteral(b) ? `(${a} % ${b})` : `$remU(${a}, ${b})`;
        else if (op === ">>" || op === ">>>") return `(${a} >>> ${b})`;
        else text = `((${a} ${op} ${b}) >>> 0)`;
        if (t === "u32") return text;
        // usize: addresses. Where they index memory the wrap is redundant (index()).
        wrappedAddresses.set(text, op === "*" ? `Math.imul(${a}, ${b})` : `(${a} ${op} ${b})`);
        return text;
      }
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
      case ts.SyntaxKind.ParenthesizedExpression: {
        const inner = ex(e.expression, ctx, lane);
        if (wrappedAddresses.has(inner)) wrappedAddresses.set(`(${inner})`, wrappedAddresses.get(inner));
        return `(${inner})`;
      }
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
        if (op === "++" || op === "--") return step(e, lane);
        if (isVector(t) || isPtr(t) || (t === "bool" && op !== "!")) fail(e, `unary ${op} on ${t}`);
        if (op === "~" && isFloat(t)) fail(e, "~ on a float");
        if ((op === "~" || op === "-") && (t === "u32" || t === "usize")) return `(${op}${ex(e.operand, ctx, lane)} >>> 0)`;
        if (op === "-" && t === "i32") return `(-${ex(e.operand, ctx, lane)} | 0)`;
        return `(${op}${ex(e.operand, ctx, lane)})`;
      }
      case ts.SyntaxKind.PostfixUnaryExpression:
        return step(e, lane);
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

  /**
   * ++x, --x, x++, x-- on a number variable or field: x = x ± 1 in x's type (so i32 wraps at
   * 2^31 as Wasm does). A postfix whose value is used gives the old value: x ∓ 1 after the step,
   * exact for integers; a float's old value would need a temporary, so that is refused.
   */
  function isValueUnused(e) {
    const p = e.parent;
    if (ts.isExpressionStatement(p) || (ts.isForStatement(p) && p.incrementor === e)) return true;
    if (ts.isParenthesizedExpression(p)) return isValueUnused(p);
    return ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.CommaToken && (p.left === e || isValueUnused(p));
  }

  function step(e, lane) {
    const t = typeOf(e.operand, undefined);
    if (!(isInt(t) && !isPtr(t)) && !isFloat(t)) fail(e, `${ts.tokenToString(e.operator)} on ${t}`);
    if (!ts.isIdentifier(e.operand) && !ts.isPropertyAccessExpression(e.operand)) fail(e, "++/-- of something that is not a variable or field");
    const target = ts.isIdentifier(e.operand) ? identifier(e.operand, lane) : ex(e.operand, undefined, lane);
    const plus = e.operator === ts.SyntaxKind.PlusPlusToken ? "+" : "-";
    const minus = plus === "+" ? "-" : "+";
    const one = "1";
    const update = storeTo(target, arithmetic(plus, target, one, t));
    const unused = isValueUnused(e);
    if (unused || ts.isPrefixUnaryExpression(e)) return unused ? update : `(${update})`;
    if (isFloat(t)) fail(e, "the value of a float's postfix ++/--");
    return arithmetic(minus, `(${update})`, one, t);
  }

  function binary(e, ctx, lane) {
    const op = e.operatorToken.kind;
    const text = e.operatorToken.getText();
    if (op === ts.SyntaxKind.CommaToken) return `${ex(e.left, undefined, lane)}, ${ex(e.right, undefined, lane)}`;
    if (op === ts.SyntaxKind.EqualsToken || COMPOUND.has(op)) return assign(e, lane);
    if (LOGICAL.has(op)) return `(${ex(e.left, undefined, lane)} ${text} ${ex(e.right, undefined, lane)})`;
    const types = binaryTypes(e, ctx);
    const modular = isModular(text, types.operand);
    const a = operandText(convert(ex(e.left, COMPARISON.has(op) ? undefined : ctx, lane), types.left, types.operand, modular), modular);
    const b = operandText(convert(ex(e.right, types.left, lane), types.right, types.operand, modular), modular);
    if (COMPARISON.has(op)) return `(${a} ${text} ${b})`;
    return arithmetic(text, a, b, types.operand);
  }

  /** Integer operators whose JavaScript form only sees its operands modulo 2^32. */
  const isModular = (op, t) => (isInt(t) || t === "bool") && ["+", "-", "*", "&", "|", "^", "<<", ">>", ">>>"].includes(op);
  const operandText = (text, modular) => (modular ? wrappedAddresses.get(text) ?? text : text);

  function assign(e, lane) {
    const op = e.operatorToken.kind;
    const t = typeOf(e.left, undefined);
    let target;
    if (ts.isIdentifier(e.left)) target = identifier(e.left, lane);
    else if (ts.isPropertyAccessExpression(e.left)) target = ex(e.left, undefined, lane);
    else fail(e, "unsupported assignment target");
    if (op === ts.SyntaxKind.EqualsToken) return storeTo(target, value(e.right, t, lane));
    const rightType = typeOf(e.right, t);
    const operator = COMPOUND.get(op);
    if (["&", "|", "^", "<<", ">>", ">>>"].includes(operator) && isFloat(t)) fail(e, "a bit operation on a float");
    const operand = ["<<", ">>", ">>>"].includes(operator) ? t : common(t, rightType, e);
    implicitly(e, operand, t);
    const modular = isModular(operator, operand);
    const right = operandText(convert(ex(e.right, t, lane), rightType, operand, modular), modular);
    const result = arithmetic(operator, convert(target, t, operand, modular), right, operand);
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
      if (args.length !== c.decl.parameters.length) fail(e, `${args.length} arguments for ${c.decl.parameters.length} parameters`);
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
        // abs<i32>(-2^31) wraps to -2^31 in Wasm.
        if (c.name === "abs" && t === "i32") return `(Math.abs(${list}) | 0)`;
        return `Math.${c.name}(${list})`;
      }
      default:
        fail(e, "unsupported builtin");
    }
  }

  /** assembly/simd/vector.ts's operations, lane `lane` of each (numbers: vector statements; "$lane": lane functions). */
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
      case ts.SyntaxKind.DoStatement:
        return [`${pad}do {`, ...block(s.statement), `${pad}} while (${ex(s.expression, undefined, null)});`];
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
    if (!(list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let))) fail(list, "`var`: use let or const");
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
    if (!fn.body) fail(fn, "a function without a body (an overload or a declare)");
    if (fn.typeParameters) fail(fn, "a generic function");
    for (const p of fn.parameters) {
      if (p.initializer || p.dotDotDotToken || p.questionToken) fail(p, "a default, optional or rest parameter");
      if (!p.type) fail(p, "a parameter without a type");
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
    parts.push(`// ---- ${shown(sf.fileName)}`);
    for (const st of sf.statements) {
      if (ts.isFunctionDeclaration(st)) parts.push(functionText(st));
      else if (ts.isVariableStatement(st)) {
        fnMode = "vector";
        const constant = !!(st.declarationList.flags & ts.NodeFlags.Const);
        if (!constant && !(st.declarationList.flags & ts.NodeFlags.Let)) fail(st, "`var`: use let or const");
        if (entrySources.includes(sf) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) fail(st, "an exported global (the JS core exports functions only)");
        for (const d of st.declarationList.declarations) {
          if (constantOf(d) !== NO) continue; // folded into every use
          const t = declType(d);
          if (isVector(t)) fail(d, "a vector global");
          // A global without an initializer starts at zero, as in Wasm.
          const init = d.initializer ? value(d.initializer, t, null) : t === "bool" ? "false" : "0";
          parts.push(`${constant ? "const" : "let"} ${moduleOf(sf)}$${d.name.text} = ${init};`.replace(/\bH(U8|I32|U32|F32|F64)(?=\[)/g, "$$$&"));
        }
      } else if (!ts.isImportDeclaration(st) && !ts.isClassDeclaration(st) && !ts.isTypeAliasDeclaration(st) && !ts.isEnumDeclaration(st)) fail(st, "unsupported top-level statement");
    }
  }

  // The entries' exports with the Wasm boundary's conversions: arguments as the JS API converts
  // them to Wasm values (ToInt32, then unsigned for u32; f32 rounded; a bool is its i32 ≠ 0),
  // results as Wasm hands them back (u32 and usize as signed i32 numbers, bool as 0 or 1).
  const exported = entrySources.flatMap((sf) => sf.statements.filter((st) => ts.isFunctionDeclaration(st) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)));
  const exportNames = new Set();
  for (const fn of exported) {
    if (exportNames.has(fn.name.text)) fail(fn, "two entries export this name");
    exportNames.add(fn.name.text);
  }
  const scalarType = (t) => (isPtr(t) ? "usize" : t);
  const signatures = exported.map((fn) => {
    const params = fn.parameters.map((p) => scalarType(mapType(p.type)));
    const result = fn.type ? scalarType(mapType(fn.type)) : "void";
    if ([...params, result].some(isVector)) fail(fn, "an exported function with a vector parameter or result");
    return { name: fn.name.text, params, result };
  });
  const argument = { i32: (a) => `${a} | 0`, u32: (a) => `${a} >>> 0`, usize: (a) => `${a} >>> 0`, f32: (a) => `Math.fround(${a})`, f64: (a) => `+${a}`, bool: (a) => `(${a} | 0) !== 0` };
  const result = { u32: (r) => `${r} | 0`, usize: (r) => `${r} | 0`, bool: (r) => `+${r}` };
  const wrappers = exported.map((fn, k) => {
    const { params, result: type } = signatures[k];
    const names = fn.parameters.map((p) => p.name.text);
    const call = `${moduleOf(fn)}$${fn.name.text}(${names.map((name, i) => argument[params[i]](name)).join(", ")})`;
    return `    ${fn.name.text}: (${names.join(", ")}) => ${result[type]?.(call) ?? call},`;
  });
  const declarations_ = exported.map((fn, k) => {
    const params = fn.parameters.map((p, i) => `${p.name.text}: ${signatures[k].params[i] === "bool" ? "boolean" : "number"}`).join(", ");
    return `  ${fn.name.text}(${params}): ${signatures[k].result !== "void" ? "number" : "void"};`;
  });

  // Helpers of Wasm semantics, emitted where used.
  const body = parts.join("\n\n");
  const helpers = [
    // The folding's own functions, so that constants and run time convert alike.
    ["$truncSatS", truncSatS.toString().replace("truncSatS", "$truncSatS")],
    ["$truncSatU", truncSatU.toString().replace("truncSatU", "$truncSatU")],
    ["$divS", `function $divS(a, b) { if (b === 0) $trap("integer divide by zero"); if (a === -2147483648 && b === -1) $trap("integer overflow"); return (a / b) | 0; }`],
    ["$remS", `function $remS(a, b) { if (b === 0) $trap("integer divide by zero"); return (a % b) | 0; }`],
    ["$divU", `function $divU(a, b) { if (b === 0) $trap("integer divide by zero"); return Math.floor(a / b); }`],
    ["$remU", `function $remU(a, b) { if (b === 0) $trap("integer divide by zero"); return a % b; }`],
  ].filter(([name]) => body.includes(`${name}(`)).map(([, text]) => `  ${text}`);
  if (helpers.some((h) => h.includes("$trap("))) helpers.unshift("  // A Wasm trap: the computation stops with an error.", "  function $trap(what) { throw new RangeError(`wasm trap: ${what}`); }");
  const generatedFrom = entryFiles.map(shown).join(", ");

  const js = `// Generated by tools/js-core/generator.mjs from ${generatedFrom} (Float = ${F}); do not edit.
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
  // Bit-level float32 operations of assembly/simd/vector.ts, through one reinterpreting word.
  const $word = new Float32Array(1);
  const $bits = new Int32Array($word.buffer);
  function $pow2OfShifted(t) { $word[0] = t; $bits[0] = ($bits[0] + ${127 - 0x4b400000}) << 23; return $word[0]; }
  function $exponent(x) { $word[0] = x; return (($bits[0] >>> 23) - 127) | 0; }
  function $significand(x) { $word[0] = x; $bits[0] = ($bits[0] & 0x007fffff) | 0x3f800000; return $word[0]; }
${helpers.length ? `${helpers.join("\n")}\n` : ""}
${body.replace(/^/gm, "  ").replace(/^ +$/gm, "")}

  return {
${wrappers.join("\n")}
  };
}
`;
  const dts = `// Generated by tools/js-core/generator.mjs from ${generatedFrom}; do not edit.
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
  // The records' layouts, field by field: the one computation of where a field lives, which the
  // tests check the Wasm build against (test/core/jsbackend.test.ts).
  const layouts = Object.fromEntries([...classes].map(([name, cls]) => [name, { size: cls.size, fields: Object.fromEntries([...cls.fields].map(([field, { type, offset }]) => [field, { type: String(type), offset }])) }]));
  return { js, dts, signatures, layouts };
}
