export declare const root: string;
export declare function builtStamp(base?: string): string;
export declare function distIsFresh(base?: string): boolean;
