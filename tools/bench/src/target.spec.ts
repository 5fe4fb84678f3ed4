import { meetsTarget, parseTarget } from './target';

describe('parseTarget', () => {
  it('reads an operator and a bound', () => {
    expect(parseTarget('>= 0.95')).toEqual({ operator: '>=', bound: 0.95 });
    expect(parseTarget('<1.2')).toEqual({ operator: '<', bound: 1.2 });
    expect(parseTarget(' <= 2 ')).toEqual({ operator: '<=', bound: 2 });
  });

  it('rejects anything else with the expected form', () => {
    expect(() => parseTarget('0.95')).toThrow(
      'Invalid target "0.95", expected an operator (>=, >, <=, <) and a number, e.g. ">= 0.95".',
    );
    expect(() => parseTarget('=> 0.95')).toThrow('Invalid target "=> 0.95"');
    expect(() => parseTarget('>= fast')).toThrow('Invalid target ">= fast"');
  });
});

describe('meetsTarget', () => {
  it.each([
    [0.95, '>= 0.95', true],
    [0.9499, '>= 0.95', false],
    [0.95, '> 0.95', false],
    [1.2, '<= 1.2', true],
    [1.21, '<= 1.2', false],
    [1.19, '< 1.2', true],
  ])('ratio %p against "%s" is %p', (ratio, target, expected) => {
    expect(meetsTarget(ratio, target)).toBe(expected);
  });

  it('accepts a parsed target', () => {
    expect(meetsTarget(1, { operator: '>', bound: 0.5 })).toBe(true);
  });
});
