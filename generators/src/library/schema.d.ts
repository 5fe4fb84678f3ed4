export interface LibraryGeneratorSchema {
  /** One lowercase segment, e.g. `money`: libs/money, @platform/money. */
  name: string;
  description?: string;
  /** Default: the name. */
  layer?: string;
  /** Extra tags, comma separated. */
  tags?: string | string[];
  skipFormat?: boolean;
}
