import net from 'node:net';

/**
 * The client a per-IP rate limit counts: an IPv4 address as it is, an IPv6 address by its /64.
 * One IPv6 subscriber gets a whole /64 (often more) and picks any address in it, so counting
 * single IPv6 addresses would give every client 2^64 budgets. An IPv4 address written as IPv6
 * (`::ffff:192.0.2.7`, from a server listening on `::`) is that IPv4 address.
 */
export function rateLimitClientOf(ip: string): string {
  const groups = ipv6Groups(ip);
  if (!groups) return ip;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = groups;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0xffff) {
    return `${g >> 8}.${g & 255}.${h >> 8}.${h & 255}`;
  }
  return `${[a, b, c, d].map((n) => n.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing IPv4 part split); undefined for anything else. */
function ipv6Groups(ip: string): number[] | undefined {
  // A zone (`fe80::1%eth0`) names the interface, not the client.
  const address = ip.split('%')[0] ?? '';
  if (!net.isIPv6(address)) return undefined;
  let text = address;
  const ipv4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4) {
    const [, p = '0', q = '0', r = '0', s = '0'] = ipv4;
    const high = ((Number(p) << 8) | Number(q)).toString(16);
    const low = ((Number(r) << 8) | Number(s)).toString(16);
    text = `${text.slice(0, ipv4.index)}${high}:${low}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const zeros = tail === undefined ? 0 : 8 - front.length - back.length;
  return [...front, ...Array.from({ length: zeros }, () => 0), ...back];
}
