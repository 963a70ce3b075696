import { MixedList } from 'typeorm';
import { ImportReportInfo1795913000000 } from './1795913000000-ImportReportInfo';
import { ImportDigests1795909201423 } from './1795909201423-ImportDigests';
import { Exchange1795906027403 } from './1795906027403-Exchange';
import { ListIndexes1795903407818 } from './1795903407818-ListIndexes';
import { Registry1795900849016 } from './1795900849016-Registry';
import { IdentityAndAudit1795898670781 } from './1795898670781-IdentityAndAudit';
import { Init1795898355866 } from './1795898355866-Init';

/**
 * Every migration, in order. `npm run migration:generate -- Name` writes a new file here and
 * adds it to this list; a test fails when a file in this folder is missing from the list.
 * A committed migration is never edited: write a new one.
 */
export const MIGRATIONS: MixedList<Function> = [
  Init1795898355866,
  IdentityAndAudit1795898670781,
  Registry1795900849016,
  ListIndexes1795903407818,
  Exchange1795906027403,
  ImportDigests1795909201423,
  ImportReportInfo1795913000000,
];
