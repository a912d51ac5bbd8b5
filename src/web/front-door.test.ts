import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { FrontDoor, localizedText, type FrontDoorContributor } from './front-door.js';

const place = {
  code: 'GM0637',
  level: 'gemeente' as const,
  name: 'Zoetermeer',
  municipalityCode: 'GM0637',
  buurtCodes: [],
};

describe('the front door gathers what every module contributes', () => {
  const budgets: FrontDoorContributor<string> = {
    navigation: [{ href: '/buurtbudget', label: 'b', order: 20, audience: 'resident' }],
    homeTasks: async () => [{ href: '/buurtbudget', title: 'Geef', description: '', order: 10 }],
    placeSection: async () => ({ id: 'budget', order: 20, title: 'Buurtbudget', content: h('p', null) }),
  };
  const initiatives: FrontDoorContributor<string> = {
    navigation: [{ href: '/initiatieven', label: 'i', order: 10, audience: 'resident' }],
    homeTasks: async (ctx) => [{ href: '/initiatieven', title: ctx, description: '', order: 30 }],
    placeSection: async () => ({
      id: 'initiatives',
      order: 10,
      title: 'Initiatieven',
      content: h('p', null),
    }),
  };
  const silent: FrontDoorContributor<string> = { placeSection: async () => undefined };
  const door = new FrontDoor(() => [silent, budgets, initiatives]);

  it('sorts by each entry’s order, not by the order of the modules', async () => {
    expect(door.navigation().map((e) => e.href)).toEqual(['/initiatieven', '/buurtbudget']);
    expect((await door.homeTasks('ctx')).map((task) => task.title)).toEqual(['Geef', 'ctx']);
    expect((await door.placeSections(place, 'ctx')).map((s) => s.id)).toEqual(['initiatives', 'budget']);
  });

  it('reads the modules when asked, so modules built later count', () => {
    const modules: FrontDoorContributor<string>[] = [];
    const late = new FrontDoor(() => modules);
    modules.push(budgets);
    expect(late.navigation()).toHaveLength(1);
  });
});

describe('localizedText', () => {
  it('gives a message in Dutch and English, placeholders filled', () => {
    const bundle = { nl: { k: '{name} {year}' }, en: { k: '{year}: {name}' } };
    expect(localizedText(bundle, 'k', { name: 'Zoetermeer', year: '2026' })).toEqual({
      nl: 'Zoetermeer 2026',
      en: '2026: Zoetermeer',
    });
  });
});
