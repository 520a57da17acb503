"""A real SMTP server for Vitrine's tests (aiosmtpd), recording what it receives.

    python server.py --port PORT --dir DIR [--delay SECONDS]

Every message accepted is written to DIR as <n>.eml (the raw bytes) and <n>.json:
{"mail_from", "rcpt_tos", "subject", "message_id", "headers": {name: value}, "text", "html"}
(headers decoded, bodies decoded to text). Files appear whole (written aside, then renamed).
--delay waits that long before accepting each message, to catch a sender mid-send.
--discard keeps nothing but the count of messages and of distinct Message-IDs, printed as
"RECEIVED <n> DISTINCT <m>" on stdout when stopped (the benchmark's peer: no disk, no parsing).
Prints "READY" on stdout once listening; runs until stopped with SIGTERM or SIGINT.
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
    def __init__(self, directory, delay, discard):
        self.directory = directory
        self.delay = delay
        self.discard = discard
        self.received = 0
        self.message_ids = set()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.discard:
            self.received += 1
            raw = envelope.content if isinstance(envelope.content, bytes) else b""
            start = raw.find(b"\nMessage-ID:")
            self.message_ids.add(raw[start:raw.find(b"\n", start + 1)] if start >= 0 else b"")
            return "250 Message accepted"
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
    parser.add_argument("--dir")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--discard", action="store_true")
    args = parser.parse_args()
    if not args.discard:
        if not args.dir:
            parser.error("--dir is required unless --discard")
        os.makedirs(args.dir, exist_ok=True)
    recorder = Recorder(args.dir, args.delay, args.discard)
    controller = Controller(recorder, hostname="127.0.0.1", port=args.port)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    controller.start()
    print("READY", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()
    if args.discard:
        print(f"RECEIVED {recorder.received} DISTINCT {len(recorder.message_ids)}", flush=True)


if __name__ == "__main__":
    main()
