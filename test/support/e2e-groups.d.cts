export function endToEndFilesOf(dir: string): string[];
export function groupedFilesOf(dir: string): string[];
export function endToEndDirectories(roots: string[]): { dir: string; groupFiles: string[]; standalone: string[] }[];
export function isStandalone(path: string): boolean;
