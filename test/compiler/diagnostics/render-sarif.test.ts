/**
 * SARIF 2.1.0 output, checked structurally against the schema's required properties and
 * types (no JSON-schema package is installed): sarifLog{version,runs}, run{tool},
 * tool{driver{name}}, reportingDescriptor{id}, result{message{text}}, locations, regions.
 */
import { describe, expect, it } from 'vitest';
import { loadDatabase } from '../../../compiler/model/load-database.js';
import { renderSarif, toSarif } from '../../../compiler/diagnostics/render-sarif.js';
import { ALL_CODES } from '../../../compiler/diagnostics/codes.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObj(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Returns the list of schema violations (empty = valid). */
function validateSarif(log: Json): string[] {
  const errs: string[] = [];
  const need = (cond: boolean, what: string): void => {
    if (!cond) errs.push(what);
  };
  const message = (m: Json | undefined, where: string): void => {
    need(isObj(m) && (typeof m.text === 'string' || typeof m.id === 'string'), `${where}.message needs text or id`);
  };
  const physical = (loc: Json, where: string): void => {
    need(isObj(loc), `${where} is an object`);
    if (!isObj(loc)) return;
    const pl = loc.physicalLocation;
    need(isObj(pl), `${where}.physicalLocation`);
    if (!isObj(pl)) return;
    need(isObj(pl.artifactLocation) && typeof pl.artifactLocation.uri === 'string', `${where}.artifactLocation.uri`);
    const r = pl.region;
    need(isObj(r), `${where}.region`);
    if (!isObj(r)) return;
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) need(Number.isInteger(r[k]) && (r[k] as number) >= 1, `${where}.region.${k} >= 1`);
    need((r.endLine as number) >= (r.startLine as number), `${where}.region endLine >= startLine`);
    if (loc.id !== undefined) need(Number.isInteger(loc.id) && (loc.id as number) >= -1, `${where}.id`);
    if (loc.message !== undefined) message(loc.message, where);
  };
  need(isObj(log), 'log is an object');
  if (!isObj(log)) return errs;
  need(log.version === '2.1.0', 'version is "2.1.0"');
  need(typeof log.$schema === 'string' && /sarif-2\.1\.0/.test(log.$schema), '$schema names 2.1.0');
  need(Array.isArray(log.runs), 'runs is an array');
  for (const [ri, run] of (Array.isArray(log.runs) ? log.runs : []).entries()) {
    need(isObj(run), `runs[${ri}] is an object`);
    if (!isObj(run)) continue;
    const driver = isObj(run.tool) ? run.tool.driver : undefined;
    need(isObj(driver) && typeof driver.name === 'string', `runs[${ri}].tool.driver.name`);
    const rules = isObj(driver) && Array.isArray(driver.rules) ? driver.rules : [];
    const ids = new Set<string>();
    rules.forEach((rule, i) => {
      need(isObj(rule) && typeof rule.id === 'string', `rules[${i}].id`);
      if (!isObj(rule)) return;
      need(!ids.has(rule.id as string), `rules[${i}].id unique`);
      ids.add(rule.id as string);
      need(typeof rule.helpUri === 'string' && /^https:\/\//.test(rule.helpUri), `rules[${i}].helpUri is a URI`);
      need(isObj(rule.shortDescription) && typeof rule.shortDescription.text === 'string', `rules[${i}].shortDescription.text`);
      const level = isObj(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
      need(level === 'error' || level === 'warning' || level === 'note' || level === 'none', `rules[${i}].defaultConfiguration.level`);
    });
    need(Array.isArray(run.results), `runs[${ri}].results`);
    for (const [i, res] of (Array.isArray(run.results) ? run.results : []).entries()) {
      need(isObj(res), `results[${i}] is an object`);
      if (!isObj(res)) continue;
      message(res.message, `results[${i}]`);
      need(['error', 'warning', 'note', 'none'].includes(res.level as string), `results[${i}].level`);
      need(typeof res.ruleId === 'string', `results[${i}].ruleId`);
      const idx = res.ruleIndex as number;
      need(Number.isInteger(idx) && idx >= 0 && idx < rules.length && isObj(rules[idx]) && rules[idx].id === res.ruleId, `results[${i}].ruleIndex points at its rule`);
      need(Array.isArray(res.locations) && res.locations.length > 0, `results[${i}].locations`);
      (Array.isArray(res.locations) ? res.locations : []).forEach((l, j) => physical(l, `results[${i}].locations[${j}]`));
      if (res.relatedLocations !== undefined) {
        need(Array.isArray(res.relatedLocations), `results[${i}].relatedLocations`);
        (Array.isArray(res.relatedLocations) ? res.relatedLocations : []).forEach((l, j) => physical(l, `results[${i}].relatedLocations[${j}]`));
      }
    }
  }
  return errs;
}

const TEXT = 'classes = win,unix\n[tcp:request]\nlabel = s:unix:Linux:\nsig = *:64:0:*:*,*:mss::0\nsig = *:60:0:*:*,*:mss::0\nsig = *:64:0:*:*,*:mss::x\n';

describe('SARIF output', () => {
  const ds = loadDatabase(TEXT, 'db/p0f.fp').diagnostics;
  const log = JSON.parse(renderSarif(ds)) as Json;

  it('is valid SARIF 2.1.0', () => {
    expect(validateSarif(log)).toEqual([]);
  });

  it('the validator rejects broken logs', () => {
    expect(validateSarif({ version: '2.0.0', runs: [] })).not.toEqual([]);
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: { ruleIndex: number }[] }[] };
    broken.runs[0].results[0].ruleIndex = 9999;
    expect(validateSarif(broken as unknown as Json)).not.toEqual([]);
  });

  it('has one stable rule per catalogue code and results pointing at them', () => {
    const sarif = toSarif(ds);
    expect(sarif.runs[0].tool.driver.rules.map((r) => r.id)).toEqual([...ALL_CODES]);
    expect(sarif.runs[0].results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine])).toEqual([
      ['unused-class', 'warning', 1],
      ['E050', 'error', 5],
      ['E049', 'error', 6],
    ]);
    expect(sarif.runs[0].results[1].relatedLocations?.[0].physicalLocation.region.startLine).toBe(4);
    expect(sarif.runs[0].results[1].locations[0].physicalLocation.artifactLocation.uri).toBe('db/p0f.fp');
    expect(sarif.runs[0].tool.driver.rules.find((r) => r.id === 'unreachable-signature')?.helpUri)
      .toBe('https://github.com/p0f-ts/p0f-ts/blob/main/docs/lint-codes.md#unreachable-signature');
  });
});
