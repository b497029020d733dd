#!/usr/bin/python3
"""Reads an RFC 5322 message the way a mail client would (Python's email package, policy=default)
and prints what it found as JSON, for the C++ tests: defects, headers, decoded parts, and whether
a DKIM signature verifies (dkimpy) against the TXT record given on the command line, without DNS.

usage: check_message.py MESSAGE_FILE [DKIM_TXT_RECORD]
"""
import json
import sys
from email import policy
from email.parser import BytesParser

raw = open(sys.argv[1], 'rb').read()
msg = BytesParser(policy=policy.default).parsebytes(raw)
result = {
    'defects': [type(d).__name__ for d in msg.defects],
    'headers': [[k, str(v)] for k, v in msg.items()],
    'max_line': max(len(line) for line in raw.split(b'\r\n')),
    'bare_lf': b'\n' in raw.replace(b'\r\n', b''),
    'parts': [],
}
for part in msg.walk():
    result['defects'] += [type(d).__name__ for d in part.defects]
    if part.is_multipart():
        result['parts'].append({'type': part.get_content_type()})
        continue
    entry = {'type': part.get_content_type(), 'filename': part.get_filename(),
             'cid': part.get('Content-ID'), 'disposition': part.get_content_disposition()}
    content = part.get_content()
    entry['content'] = content if isinstance(content, str) else content.hex()
    result['parts'].append(entry)
if len(sys.argv) > 2:
    import dkim
    txt = sys.argv[2].encode()
    result['dkim'] = bool(dkim.verify(raw, dnsfunc=lambda name, timeout=5: txt))
print(json.dumps(result, ensure_ascii=False))
