#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""AF_ALG hash through sendmsg(), under the FOLL_PIN counters.

crypto/af_alg.c is converted by the same rule as the O_DIRECT paths:
algif_hash's sendmsg takes the user buffer's pages with af_alg_make_sg()
and frees them with af_alg_free_sg().  This sends 4 MiB of random data to
an AF_ALG sha256 socket in 64 KiB sendmsg(MSG_MORE) calls, reads the
digest, and prints one line:

    ok|bad ACQUIRED RELEASED

(the digest equals hashlib's or not; nr_foll_pin_acquired and _released
growth across the sends, read with tests/vm/pincount), or
"SKIP <reason>" when the kernel has no AF_ALG sha256 hash.  The dio step
(tests/vm/steps/) judges the numbers.  Usage: afalg.py PINCOUNT
"""
import hashlib
import os
import socket
import subprocess
import sys

CHUNK = 1 << 16
SIZE = 4 << 20


def counts(pincount):
    """The (acquired, released) FOLL_PIN counters, from PINCOUNT."""
    out = subprocess.run([pincount], check=True, capture_output=True,
                         text=True).stdout.split()
    return int(out[0]), int(out[1])


def main():
    """Hash SIZE bytes over AF_ALG and print the result line."""
    pincount = sys.argv[1]
    try:
        sock = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
        sock.bind(("hash", "sha256"))
    except OSError as err:
        print("SKIP no AF_ALG sha256 hash (%s)" % err)
        return 0
    data = os.urandom(SIZE)
    op, _ = sock.accept()
    a0, r0 = counts(pincount)
    for off in range(0, len(data), CHUNK):
        op.sendall(memoryview(data)[off:off + CHUNK], socket.MSG_MORE)
    op.sendall(b"")
    digest = op.recv(32)
    a1, r1 = counts(pincount)
    same = digest == hashlib.sha256(data).digest()
    print("ok" if same else "bad", a1 - a0, r1 - r0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
