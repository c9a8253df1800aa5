// Reads every CoT event Lookout emits (tests/golden/cot/events.xml, one a
// line, kept equal to the writer's output by tests/cot/cot_golden_test.cc)
// with an independent CoT library, @tak-ps/node-cot: its parser validates
// each against its CoT event schema; we check the fields it reads against
// the text, that each atom type is in its CoT type table (MITRE's, with
// the affiliation slot), that each `how` is one it knows, and that the event
// converts to GeoJSON and to TAK protocol v1 (protobuf) and back.
//   node validate.mjs ../../golden/cot/events.xml
import fs from 'node:fs';
import assert from 'node:assert/strict';
import { CoTParser, CoTTypes } from '@tak-ps/node-cot';

const file = process.argv[2];
const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
const types = await CoTTypes.default.load();
const attr = (xml, name) => xml.match(new RegExp(`<event[^>]* ${name}="([^"]*)"`))[1];
const unescape = (s) => s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"')
  .replaceAll('&apos;', "'").replaceAll('&amp;', '&');

let failed = 0;
const seen = new Set();
for (const [i, xml] of lines.entries()) {
  try {
    const cot = CoTParser.from_xml(xml);
    const ev = cot.raw.event._attributes;
    assert.equal(ev.version, '2.0');
    assert.equal(ev.uid, unescape(attr(xml, 'uid')));
    assert.equal(ev.type, attr(xml, 'type'));
    assert.ok(types.how.has(ev.how), `how ${ev.how} is not in the CoT how table`);
    if (ev.type.startsWith('a-')) {
      const generic = ev.type.replace(/^a-.-/, 'a-.-');
      assert.ok(types.cots.has(generic), `type ${ev.type} (${generic}) is not in the CoT type table`);
    }
    for (const t of ['time', 'start', 'stale']) assert.ok(!Number.isNaN(Date.parse(ev[t])), `${t} ${ev[t]}`);
    assert.ok(Date.parse(ev.stale) > Date.parse(ev.start), 'stale after start');
    const feature = await CoTParser.to_geojson(cot);
    assert.equal(feature.geometry.type, 'Point');
    const pt = cot.raw.event.point._attributes;
    assert.equal(Number(feature.geometry.coordinates[1]), Number(pt.lat));
    assert.equal(Number(feature.geometry.coordinates[0]), Number(pt.lon));
    const contact = cot.raw.event.detail?.contact?._attributes?.callsign;
    if (contact !== undefined) assert.equal(feature.properties.callsign, contact);
    const proto = await CoTParser.to_proto(cot);
    const back = await CoTParser.from_proto(proto);
    assert.equal(back.raw.event._attributes.uid, ev.uid);
    assert.equal(back.raw.event._attributes.type, ev.type);
    seen.add(ev.type);
  } catch (e) {
    failed += 1;
    console.error(`line ${i + 1}: ${e.message}\n  ${xml}`);
  }
}
console.log(`node-cot: ${lines.length - failed} of ${lines.length} events valid; types: ${[...seen].sort().join(' ')}`);
process.exit(failed === 0 && lines.length > 0 ? 0 : 1);
