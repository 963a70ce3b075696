/**
 * `npm run parameters:seed`: rebuilds seeds/policy-parameters.json from docs/RULES.md (its
 * parameter tables, see rules-parser.ts). Run it after editing RULES.md and commit both; a test
 * fails while they disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/common/project-root';
import { parseRules } from './rules-parser';

export const RULES_FILE = join('docs', 'RULES.md');
export const SEED_FILE = join('seeds', 'policy-parameters.json');

/** The seed file's text for a RULES.md text (stable: two-space JSON, one trailing newline). */
export function seedText(rulesMarkdown: string): string {
  return `${JSON.stringify(parseRules(rulesMarkdown), null, 2)}\n`;
}

if (require.main === module) {
  const text = seedText(readFileSync(join(projectRoot(), RULES_FILE), 'utf8'));
  writeFileSync(join(projectRoot(), SEED_FILE), text);
  console.log(`${SEED_FILE}: ${JSON.parse(text).length} rows from ${RULES_FILE}`);
}
