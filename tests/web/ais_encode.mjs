// A minimal AIS encoder for the web e2e: a Class A position report (type 1) as
// one !AIVDM sentence, so that a test can put a vessel exactly where and when it
// needs (ITU-R M.1371-5 Table 45 for the fields; NMEA 0183 for the armouring).

function bits(fields) {
  let out = '';
  for (const [value, width] of fields) {
    const v = BigInt.asUintN(width, BigInt(Math.round(value)));
    out += v.toString(2).padStart(width, '0');
  }
  return out;
}

function armour(b) {
  while (b.length % 6) b += '0';
  let s = '';
  for (let i = 0; i < b.length; i += 6) {
    const v = parseInt(b.slice(i, i + 6), 2);
    s += String.fromCharCode(v < 40 ? v + 48 : v + 56);
  }
  return s;
}

function sentence(payload) {
  const body = `AIVDM,1,1,,A,${payload},0`;
  let cs = 0;
  for (const c of body) cs ^= c.charCodeAt(0);
  return `!${body}*${cs.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Type 1: {mmsi, lat, lon, sog (kn), cog (deg), heading (deg), status}. */
export function positionReport({ mmsi, lat, lon, sog = 0, cog = 0, heading = 511, status = 0 }) {
  return sentence(armour(bits([
    [1, 6], [0, 2], [mmsi, 30], [status, 4], [-128, 8], [sog * 10, 10], [1, 1],
    [lon * 600000, 28], [lat * 600000, 27], [cog * 10, 12], [heading, 9], [60, 6], [0, 2], [0, 3], [0, 1], [0, 19],
  ])));
}
