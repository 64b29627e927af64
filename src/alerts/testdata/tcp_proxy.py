#!/usr/bin/python3
"""Forwards TCP connections from 127.0.0.1:LISTEN to 127.0.0.1:TARGET. The MQTT test uses it
to make a broker "appear" on the sink's port only once the test's subscriber is ready, so
no message can arrive before someone listens. Prints "READY" once listening."""
import asyncio
import sys

LISTEN, TARGET = int(sys.argv[1]), int(sys.argv[2])


async def pump(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer):
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", TARGET)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pump(client_reader, upstream_writer), pump(upstream_reader, client_writer))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", LISTEN, reuse_address=True)
    print("READY", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
