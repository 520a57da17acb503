"""A real SMTP server for Vitrine's tests (aiosmtpd), recording what it receives.

    python server.py --port PORT --dir DIR [--delay SECONDS]

Every message accepted is written to DIR as <n>.eml (the raw bytes) and <n>.json:
{"mail_from", "rcpt_tos", "subject", "message_id", "headers": {name: value}, "text", "html"}
(headers decoded, bodies decoded to text). Files appear whole (written aside, then renamed).
--delay waits that long before accepting each message, to catch a sender mid-send.
Prints "READY" on stdout once listening; runs until killed.
"""

import argparse
import asyncio
import email
import email.header
import email.policy
import json
import os
import signal
import time
import uuid

from aiosmtpd.controller import Controller


def decoded(value):
    return str(email.header.make_header(email.header.decode_header(value or "")))


class Recorder:
    def __init__(self, directory, delay):
        self.directory = directory
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        raw = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text = html = ""
        for part in message.walk():
            if part.get_content_type() == "text/plain" and not text:
                text = part.get_content()
            elif part.get_content_type() == "text/html" and not html:
                html = part.get_content()
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": decoded(message.get("Subject")),
            "message_id": message.get("Message-ID", ""),
            "headers": {name: decoded(value) for name, value in message.items()},
            "text": text,
            "html": html,
        }
        name = f"{time.time_ns()}-{uuid.uuid4().hex}"
        for suffix, data in ((".eml", raw), (".json", json.dumps(record).encode())):
            partial = os.path.join(self.directory, f".{name}{suffix}.partial")
            with open(partial, "wb") as out:
                out.write(data)
            os.rename(partial, os.path.join(self.directory, name + suffix))
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Recorder(args.dir, args.delay), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("READY", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
