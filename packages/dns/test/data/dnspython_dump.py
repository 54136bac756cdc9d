# Prints records as "owner-wire type class ttl rdata-wire" (hex, uncompressed, case kept),
# one a line, so that the C++ interop test can compare dnspython with the dns package.
#   zone FILE ORIGIN        records of a zone file as dnspython reads it
#   text ORIGIN             records of a zone in zone-file form on stdin
#   message HEX             records of a wire message (answer, authority, additional)
#   build FILE ORIGIN       a response message holding the zone's records, in hex
import sys
import dns.edns, dns.message, dns.name, dns.rrset, dns.zone

def line(name, rdclass, ttl, rd):
    return "%s %d %d %d %s" % (name.to_wire().hex(), rd.rdtype, rdclass, ttl, rd.to_wire().hex())

def zone_lines(z):
    for name, node in z.nodes.items():
        for rds in node.rdatasets:
            for rd in rds:
                print(line(name, rds.rdclass, rds.ttl, rd))

mode = sys.argv[1]
if mode == "zone":
    z = dns.zone.from_file(sys.argv[2], origin=sys.argv[3], relativize=False, check_origin=False)
    zone_lines(z)
elif mode == "text":
    zone_lines(dns.zone.from_text(sys.stdin.read(), origin=sys.argv[2], relativize=False))
elif mode == "message":
    m = dns.message.from_wire(bytes.fromhex(sys.argv[2]))
    for section in (m.answer, m.authority, m.additional):
        for rrs in section:
            for rd in rrs:
                print(line(rrs.name, rrs.rdclass, rrs.ttl, rd))
    if m.edns >= 0:
        print("edns %d %d %s" % (m.payload, m.ednsflags, ",".join("%d:%s" % (o.otype, o.to_wire().hex()) for o in m.options)))
elif mode == "build":
    z = dns.zone.from_file(sys.argv[2], origin=sys.argv[3], relativize=False, check_origin=False)
    m = dns.message.make_response(dns.message.make_query(sys.argv[3], "ANY"))
    for name, node in z.nodes.items():
        for rds in node.rdatasets:
            m.answer.append(dns.rrset.from_rdata_list(name, rds.ttl, list(rds)))
    m.use_edns(0, dns.flags.DO, 4096, options=[dns.edns.GenericOption(10, bytes(range(8)) + bytes(16))])
    print(m.to_wire(max_size=65535).hex())
