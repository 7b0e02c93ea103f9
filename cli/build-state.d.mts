export declare const root: string;
export declare const dist: string;
export declare const BUILT: string;
export declare function distIsFresh(base?: string): boolean;
