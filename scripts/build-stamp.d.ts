/** dist/build-stamp: the stamp of the sources the last build was made from. */
export const stampFile: string;
/** A hash of the build's inputs as they are now. */
export function sourceStamp(): string;
/** Whether dist/ was built from the sources as they are now. */
export function buildIsCurrent(): boolean;
