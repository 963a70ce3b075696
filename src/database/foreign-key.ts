import { getMetadataArgsStorage } from 'typeorm';

export type OnDelete = 'CASCADE' | 'NO ACTION' | 'SET NULL';

export interface ForeignKeyOptions {
  /** The referenced column's property on the target entity; default its primary key. */
  column?: string;
  /**
   * CASCADE: the row is part of what it references (a member of its household, a household's
   * history); NO ACTION: the referenced row may not go while this one names it (links between
   * aggregates, regions, accounts), checked at the end of the statement, so one delete that
   * cascades to both rows passes; SET NULL: a pointer that may lapse.
   */
  onDelete: OnDelete;
  /** Checked at commit, not per statement: for a pair of rows that reference each other. */
  deferred?: boolean;
  /**
   * More columns of the same key, this entity's property → the referenced entity's property: the
   * row copies them from the row it references (its household's village, say), and the key makes
   * the copy true. The referenced table needs a unique index on exactly the referenced columns, in
   * any order. With `onUpdate: 'CASCADE'` the copies follow when the referenced row changes them.
   */
  along?: Record<string, string>;
  onUpdate?: 'CASCADE';
}

/**
 * Declares the database foreign key of a column, once, on the entity: the migration and the
 * entities-vs-migrations test see the same constraint. Its name is `<table>_<column>_fkey`
 * (PostgreSQL's own convention), worked out when TypeORM builds the metadata, after @Entity has
 * named the table; a key of several columns (`along`) is named after the decorated column, its first.
 * The referencing column needs an index of its own (or as the first column of one):
 * test/foundation/foreign-keys.e2e-spec.ts checks it.
 */
export function ForeignKey(references: () => Function, options: ForeignKeyOptions): PropertyDecorator {
  return (prototype, propertyName) => {
    const target = prototype.constructor;
    const property = String(propertyName);
    const along = Object.entries(options.along ?? {});
    getMetadataArgsStorage().foreignKeys.push({
      target,
      // A key of several columns: TypeORM takes their list (the decorated one first) and no property.
      ...(along.length
        ? { columnNames: [property, ...along.map(([own]) => own)], referencedColumnNames: [options.column ?? 'id', ...along.map(([, referenced]) => referenced)] }
        : { propertyName: property, inverseSide: options.column }),
      type: references,
      onDelete: options.onDelete,
      onUpdate: options.onUpdate ?? 'NO ACTION',
      deferrable: options.deferred ? 'INITIALLY DEFERRED' : undefined,
      get name(): string {
        return foreignKeyName(target, property);
      },
    });
  };
}

/** `<table>_<column>_fkey` of an entity property, from the @Entity and @Column metadata. */
export function foreignKeyName(target: Function, property: string): string {
  const storage = getMetadataArgsStorage();
  const table = storage.tables.find((t) => t.target === target)?.name;
  if (!table) throw new Error(`@ForeignKey on ${target.name}.${property}: the entity has no table name (@Entity({ name }))`);
  const column = storage.columns.find((c) => c.target === target && c.propertyName === property)?.options.name ?? property;
  return `${table}_${column}_fkey`;
}
