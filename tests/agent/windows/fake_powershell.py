"""A stand-in for powershell.exe: decodes -EncodedCommand, then acts as argv[1] says.

echo      print {"script": <the decoded script>} as JSON
one       print one object (UTF-8, Vietnamese)
many      print an array of two objects
empty     print nothing
bom       print an object after a UTF-8 byte-order mark, with CRLF
denied    write an access-denied error as the agent's script does, exit 1
bare      exit 3 with nothing on stderr
hang      sleep for a minute
garbage   print text that is not JSON
scalar    print a JSON scalar
oem       print cp1258 bytes, as a console code page would
"""

from __future__ import annotations

import base64
import json
import sys
import time

DENIED = (
    "HRESULT 0x80041003,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand"
    "\tTruy cập bị từ chối. \r\n"
)


def main(mode: str, argv: list[str]) -> int:
    """Act out `mode` for the script passed after -EncodedCommand."""
    script = base64.b64decode(argv[argv.index("-EncodedCommand") + 1]).decode("utf-16-le")
    out = sys.stdout.buffer
    outputs = {
        "echo": json.dumps({"script": script, "argv": argv}).encode(),
        "one": '{"Name":"Micrô (Realtek(R) Audio)","Status":"OK"}'.encode(),
        "many": b'[{"A":1},{"A":2}]',
        "empty": b"",
        "bom": b'\xef\xbb\xbf{"A":1}\r\n',
        "garbage": b"Get-CimInstance : not JSON at all",
        "scalar": b"true",
        "oem": '{"Name":"Micrô"}'.encode("cp1258"),
    }
    if mode in outputs:
        out.write(outputs[mode])
        return 0
    if mode == "denied":
        sys.stderr.buffer.write(DENIED.encode())
        return 1
    if mode == "hang":
        time.sleep(60)
    return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
