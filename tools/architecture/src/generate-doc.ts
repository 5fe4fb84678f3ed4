import { existsSync, readFileSync } from 'node:fs';
import { renderSection, replaceSection } from './architecture-doc';
import { collectArchitecture } from './collect-architecture';

export interface GeneratedDoc {
  /** The page as it is on disk; undefined when it does not exist. */
  current: string | undefined;
  /** The page with its generated section as the workspace says it should be. */
  expected: string;
  warnings: string[];
}

/** What `npm run docs:architecture` would write to `docPath`, and what is there now. */
export function generateDoc(
  workspaceRoot: string,
  docPath: string,
  docName = docPath,
): GeneratedDoc {
  const model = collectArchitecture(workspaceRoot);
  const section = renderSection(model);
  const current = existsSync(docPath) ? readFileSync(docPath, 'utf-8') : undefined;
  const expected =
    current === undefined
      ? `# Architecture\n\n${section}\n`
      : replaceSection(current, section, docName);
  return { current, expected, warnings: model.warnings };
}
