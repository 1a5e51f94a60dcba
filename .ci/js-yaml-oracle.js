// Writes what js-yaml 3 makes of many short strings, one JSON array per line, for
// `cargo xtask js-yaml-check` to compare with stylebook's resolver and YAML writer:
//   [text, type, key, dumpValue, dumpKey, load]
// type: the implicit type js-yaml's loader gives the text as a plain scalar (null, bool, int,
// float, timestamp, merge, str); key: String() of the value it constructs, the key it makes
// in an object ("-" for a timestamp, whose string depends on the time zone); dumpValue and
// dumpKey: dump({k: text}) and dump({[text]: 'v'}) with the reference builder's options;
// load: the value of `k` in safeLoad("k: " + text) as [type, String(value)], or null when
// that document does not load.
// Usage: node js-yaml-oracle.js JS_YAML_DIR > out.jsonl
'use strict';
const path = require('path');
const dir = process.argv[2];
const yaml = require(path.join(dir, 'node_modules', 'js-yaml'));
const schema = require(path.join(dir, 'node_modules', 'js-yaml', 'lib', 'js-yaml', 'schema', 'default_safe'));
const implicit = schema.compiledImplicit;

function resolve(text) {
  for (const type of implicit) {
    if (type.resolve(text)) {
      const name = type.tag.split(':').pop();
      if (name === 'merge') return [name, text];
      const value = type.construct(text);
      return [name, name === 'timestamp' ? '-' : String(value)];
    }
  }
  return ['str', text];
}

function kind(value) {
  if (value === null) return 'null';
  if (value instanceof Date) return 'timestamp';
  return typeof value;
}

function load(text) {
  try {
    const doc = yaml.safeLoad('k: ' + text);
    if (doc === null || typeof doc !== 'object' || !Object.prototype.hasOwnProperty.call(doc, 'k')) return null;
    const value = doc.k;
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) return null;
    return [kind(value), value instanceof Date ? value.toISOString() : String(value)];
  } catch (e) {
    return null;
  }
}

const options = { noRefs: true, lineWidth: -1 };
const out = [];
function emit(text) {
  const [type, key] = resolve(text);
  const row = [text, type, key, yaml.dump({ k: text }, options), yaml.dump({ [text]: 'v' }, options), load(text)];
  out.push(JSON.stringify(row));
  if (out.length >= 10000) {
    process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  }
}

function every(alphabet, maxLength) {
  let count = 0;
  function go(prefix, left) {
    emit(prefix);
    count++;
    if (left === 0) return;
    for (const c of alphabet) go(prefix + c, left - 1);
  }
  go('', maxLength);
  return count;
}

// Every string of up to five characters over the characters that decide numbers and quoting.
const tricky = ['0', '1', 'e', 'E', '.', '+', '-', '_', 'x', ':', '#', "'", '"', 'n', '~'];
let total = every(tricky, 5);
// Every string of up to three characters over a wider alphabet: white space, indicators,
// the letters of the schema's words, non-ASCII.
const wide = tricky.concat([' ', '\t', '\n', '\r', '<', 'T', 'Z', '2', '9', 'b', 'o', 'a', 'l',
  'u', 't', 'r', 'f', 's', 'N', 'I', 'i', 'y', 'Y', ',', '[', '{', '}', '&', '*', '!', '|', '>',
  '%', '@', '`', '?', '\\', '\u00e9', '\u00a0', '\u0085', '\u2028', '\ufeff', '\ud83d\ude3a']);
total += every(wide, 3);
// Longer texts: dates, timestamps, sexagesimal numbers, the schema's words, catalog values.
const longer = [
  '2015-01-15', '2015-1-5', '2015-01-15T00:00:00.000Z', '2015-01-15t00:00:00Z', '2015-01-15 10:00:00',
  '2015-01-15  10:00:00.123456 -05:30', '2015-01-15 10:00:00 +5', '2015-01-15 10:00:00 +530',
  '2015-01-15T10:00', '2015-1-5T1:02:03', '2015-01-15T10:00:00 Z', '2015-01-15T10:00:00.Z',
  '12015-01-15', '2015-13-45', '0000-00-00', '190:20:30', '190:20:30.15', '1:30:00', '-1:30',
  '1_000_000', '0x_1F', '0b1_0', '0o17', '017', '0755', '09', '1e10', '1.5e+300', '1e400',
  '123456789012345678901234567890', '0.000001', '0.0000001', '1_0.5', '.5e3', '._5',
  'null', 'Null', 'NULL', 'nuLL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'yes', 'no', 'on', 'off',
  '.inf', '-.inf', '+.Inf', '.NaN', '.nan', '.NAN', 'NaN', 'Infinity', '<<', '<<<', '=',
  'http-status-409', 'HTTP Status Success', 'https://example.com/a#b', 'C#', 'a #b', 'a: b',
  '409 Conflict', 'v1.2.3', '3.5.2 TrackingID Header', 'Miscellaneous ', ' lead', 'tab\there',
];
for (const text of longer) emit(text);
total += longer.length;
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
process.stderr.write(`js-yaml ${require(path.join(dir, 'node_modules', 'js-yaml', 'package.json')).version}: ${total} strings\n`);
