/**
 * Local template files a step names (ssh.template's `src`): their syntax is checked at load time, each problem
 * reported at its own file:line:col. A file that does not exist yet is left to the run, which reports it.
 */
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { displayPath } from '../shared/paths';
import type { DocumentProblems } from '../shared/problems';
import { PositionMap } from '../shared/yaml-source';
import { checkTemplateSyntax, isTemplate, templateExcerpt } from '../template';
import type { ModuleSchemaEntry } from './module-args';

export function checkTemplateFiles(
  args: unknown,
  module: ModuleSchemaEntry | undefined,
  baseDir: string,
  problems: DocumentProblems
): void {
  if (!module?.localTemplates || args === null || typeof args !== 'object') return;
  for (const key of module.localTemplates) {
    const path = (args as Record<string, unknown>)[key];
    if (typeof path !== 'string' || path === '' || isTemplate(path)) continue;
    const absolute = nodePath.resolve(baseDir, path);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch {
      continue;
    }
    const problem = checkTemplateSyntax(text);
    if (!problem) continue;
    const point = new PositionMap(text).pointAt(problem.offset);
    const shown = JSON.stringify(templateExcerpt(text, problem.offset));
    problems.sink.push({
      file: displayPath(absolute),
      ...point,
      message: `template syntax error: ${problem.message} in ${shown}`,
    });
  }
}
