# Twin of StreamReaderTests' lines scenario: `async for line in reader` (the C# template pulls reader.Lines()). Each
# pull is one readline(): it waits for data fed later, a consumer that breaks leaves the rest buffered for the next
# reader, a consumer cancelled mid-line consumes nothing, and the stream ends at EOF (the partial last line included).
import asyncio
from _virtual_time import run


def text(raw):
    return raw.decode().rstrip("\r\n")


async def consume(trace, name, reader, stop_at=None):
    loop = asyncio.get_running_loop()
    async for raw in reader:
        line = text(raw)
        trace.append(f"{name}: {line!r} at {loop.time():g}")
        if line == stop_at:
            trace.append(f"{name}: stops early")
            break
    trace.append(f"{name}: after the loop at {loop.time():g}")


async def main():
    trace = []
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    loop.call_later(1, reader.feed_data, b"alpha\nbe")
    loop.call_later(2, reader.feed_data, b"ta\r\n\ngamma\ndelta\n")
    await consume(trace, "first", reader, stop_at="gamma")

    cancelled = asyncio.create_task(consume(trace, "cancelled", reader))
    loop.call_later(1, reader.feed_data, b"epsi")
    loop.call_later(2, cancelled.cancel)
    try:
        await cancelled
    except asyncio.CancelledError:
        trace.append(f"cancelled: task cancelled at {loop.time():g}")

    loop.call_later(1, reader.feed_data, b"lon\nlast")
    loop.call_later(2, reader.feed_eof)
    await consume(trace, "last", reader)
    return trace


for line in run(main()):
    print(line)
