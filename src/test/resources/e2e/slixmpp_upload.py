"""Uploads one file through XEP-0363 with slixmpp, a second, independent client implementation.

Usage: python3 slixmpp_upload.py JID PASSWORD HOST PORT FILE CONTENT_TYPE
Prints "URL <get url>" on success; exits 1 with the error otherwise.
"""
import asyncio
import logging
import sys

import slixmpp


class Uploader(slixmpp.ClientXMPP):
    def __init__(self, jid, password, path, content_type):
        super().__init__(jid, password)
        self.path = path
        self.content_type = content_type
        self.url = None
        self.error = None
        self.add_event_handler("session_start", self.start)
        self.add_event_handler("failed_auth", self.failed)

    def failed(self, event):
        self.error = "authentication failed"
        self.disconnect()

    async def find_service(self):
        """XEP-0030 discovery of the upload service among the server's items.

        slixmpp 1.8.3 as packaged by Debian 12 cannot discover it itself on Python 3.11 (its find_upload_service
        hands bare coroutines to asyncio.wait), so discovery is done here with slixmpp's own disco plugin.
        """
        items = await self["xep_0030"].get_items(jid=self.boundjid.domain, timeout=30)
        for item in items["disco_items"]["items"]:
            info = await self["xep_0030"].get_info(jid=item[0], timeout=30)
            if "urn:xmpp:http:upload:0" in info["disco_info"]["features"]:
                for form in info["disco_info"].iterables:
                    values = form["values"]
                    if values.get("FORM_TYPE") == ["urn:xmpp:http:upload:0"]:
                        self["xep_0363"].max_file_size = int(values["max-file-size"])
                return item[0]
        raise RuntimeError("no upload service in the server's disco#items")

    async def start(self, event):
        try:
            self["xep_0363"].upload_service = await self.find_service()
            self.url = await self["xep_0363"].upload_file(self.path, content_type=self.content_type, timeout=30)
        except Exception as e:  # report any failure to the Java test
            self.error = repr(e)
        self.disconnect()


def main():
    jid, password, host, port, path, content_type = sys.argv[1:7]
    logging.basicConfig(level=logging.WARNING)
    client = Uploader(jid, password, path, content_type)
    client.register_plugin("xep_0030")
    client.register_plugin("xep_0363")
    client["feature_mechanisms"].unencrypted_plain = True
    client.connect((host, int(port)), disable_starttls=True, force_starttls=False)
    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.wait_for(client.disconnected, 60))
    if client.url is None:
        print("ERROR", client.error, flush=True)
        sys.exit(1)
    print("URL", client.url, flush=True)


if __name__ == "__main__":
    main()
