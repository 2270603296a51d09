// Types of bundle.mjs for the tests that bundle into a scratch folder.
export declare const SERVER_ENTRY: string;
export declare function bundle(outDir: string, serverEntry?: string): Promise<string[]>;
