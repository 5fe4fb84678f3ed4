import { ArchitectureDocError, END_MARKER, replaceSection, sectionDiff } from './architecture-doc';

describe('replaceSection', () => {
  it('replaces only what lies between the markers', () => {
    const document = `# Title\n\nProse.\n\n<!-- architecture:begin -->\nold\n${END_MARKER}\n\nMore prose.\n`;
    expect(replaceSection(document, 'NEW')).toBe('# Title\n\nProse.\n\nNEW\n\nMore prose.\n');
  });

  it('refuses a page without the markers, saying what to add', () => {
    expect(() => replaceSection('# Title\n', 'NEW', 'docs/x.md')).toThrow(ArchitectureDocError);
    expect(() => replaceSection('# Title\n', 'NEW', 'docs/x.md')).toThrow(
      'docs/x.md has no generated section: put the lines "<!-- architecture:begin -->" and "<!-- architecture:end -->" where the diagram goes.',
    );
  });
});

describe('sectionDiff', () => {
  it('lists the lines dropped and added', () => {
    expect(sectionDiff('a\nb\nc', 'a\nc\nd')).toEqual(['- b', '+ d']);
  });
});
