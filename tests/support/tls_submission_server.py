#!/usr/bin/python3
"""A real SMTP submission server for the tests: aiosmtpd (Debian's python3-aiosmtpd) on 127.0.0.1,
port 0, with STARTTLS required or implicit TLS, and AUTH (PLAIN, LOGIN) only over TLS. Prints
"PORT <n>" once listening, writes each accepted message to OUTDIR/<n>.eml, runs until killed.

usage: tls_submission_server.py starttls|tls CERT KEY USER PASSWORD OUTDIR
"""
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

mode, cert, key, user, password, outdir = sys.argv[1:7]
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
count = 0


class Handler:
    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        with open(os.path.join(outdir, f"{count}.eml"), "wb") as f:
            f.write(envelope.original_content or envelope.content)
        return "250 2.0.0 OK queued"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() \
        and auth_data.password == password.encode()
    # handled=False: aiosmtpd then answers 535 itself.
    return AuthResult(success=ok, handled=False)


def factory():
    return SMTP(Handler(), hostname="mx.test", tls_context=context if mode == "starttls" else None,
                require_starttls=(mode == "starttls"), authenticator=authenticator,
                # With implicit TLS the whole session is encrypted, but aiosmtpd 1.4 cannot tell.
                auth_require_tls=(mode == "starttls"))


async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, "127.0.0.1", 0, ssl=context if mode == "tls" else None)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
