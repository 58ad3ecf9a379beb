/** The version of the stored data, bumped by every sync that changed something. */
export abstract class DataVersion {
  abstract current(): Promise<number>;
}
