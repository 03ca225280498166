import { formatPath, parseYaml, type PathSegment } from '../../../src/shared/yaml-source';

const text = `# a comment
name: demo
steps:
  - id: first   # trailing comment
    hosts: "site:primary"
    ssh.command: { cmd: ls, n: [1, 2] }
  - id: second
    list:
      - q
      - { a: 1 }
    block: |
      line one
    10: numeric key
    2: another
empty:
nested:
  deeper:
    deepest: [x,
      y]
`;

function parsed() {
  const result = parseYaml(text, 'demo.yaml');
  if (!result.isOk) throw new Error(result.problem.message);
  return result;
}

describe('parseYaml positions', () => {
  it.each<[PathSegment[], number, number]>([
    [[], 2, 1],
    [['name'], 2, 7],
    [['steps'], 4, 3],
    [['steps', 0], 4, 5],
    [['steps', 0, 'id'], 4, 9],
    [['steps', 0, 'hosts'], 5, 12],
    [['steps', 0, 'ssh.command'], 6, 18],
    [['steps', 0, 'ssh.command', 'cmd'], 6, 25],
    [['steps', 0, 'ssh.command', 'n', 1], 6, 36],
    [['steps', 1, 'list', 0], 9, 9],
    [['steps', 1, 'list', 1, 'a'], 10, 14],
    [['steps', 1, 'block'], 11, 12],
    [['steps', 1, '10'], 13, 9],
    [['steps', 1, '2'], 14, 8],
    [['nested', 'deeper', 'deepest', 1], 19, 7],
    [['steps', 0, 'not-written'], 4, 5],
  ])('finds the value at %j at %i:%i', (path, line, column) => {
    expect(parsed().positions.valueAt(path)).toEqual({ line, column });
  });

  it.each<[PathSegment[], number, number]>([
    [['name'], 2, 1],
    [['steps', 0, 'hosts'], 5, 5],
    [['steps', 0, 'ssh.command', 'n'], 6, 29],
    [['empty'], 15, 1],
  ])('finds the key of %j at %i:%i', (path, line, column) => {
    expect(parsed().positions.keyAt(path)).toEqual({ line, column });
  });

  it('formats document paths', () => {
    expect(formatPath(['steps', 3, 'hosts'])).toBe('steps[3].hosts');
    expect(formatPath([0, 'a'])).toBe('[0].a');
  });
});
