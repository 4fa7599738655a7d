"""The echo server of the streams load benchmark on CPython's asyncio, the same handler as the C# servers':
read up to 64 KiB, write it back, drain. Prints its port, then serves until killed.

    python3 benchmarks/peers/asyncio_echo_server.py [--uvloop]
"""

import asyncio
import sys


async def echo(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except ConnectionError:
            pass


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0, backlog=16384)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if "--uvloop" in sys.argv:
    import uvloop

    uvloop.install()
asyncio.run(main())
