// Types of generator.mjs for the TypeScript tests that drive it.
export declare class GeneratorError extends Error {}
export declare const MUTATIONS: Readonly<Record<string, string>>;
/** An AssemblyScript type as the generator names it (a class pointer is "usize"). */
export type ScalarType = "i32" | "u32" | "usize" | "f32" | "f64" | "bool" | "void";
export interface Signature {
  readonly name: string;
  readonly params: readonly ScalarType[];
  readonly result: ScalarType;
}
/** An @unmanaged record's fields: their type (a class pointer is "usize" or "ptr:…") and byte offset, and the record's size. */
export interface RecordLayout {
  readonly size: number;
  readonly fields: Readonly<Record<string, { readonly type: string; readonly offset: number }>>;
}
export declare function compile(options: { entries: readonly string[]; root: string; floatType: "f32" | "f64"; mutation?: string }): {
  js: string;
  dts: string;
  signatures: Signature[];
  /** Every record's layout, by class name. */
  layouts: Readonly<Record<string, RecordLayout>>;
};
