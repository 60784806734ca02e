package net.mobilemessaging.upload;

/**
 * The examples of XEP-0363 HTTP File Upload, pasted as published: version 1.1.0 (namespace
 * {@code urn:xmpp:http:upload:0}) and version 0.2 (namespace {@code urn:xmpp:http:upload}, whose shape
 * Conversations' {@code eu:siacs:conversations:http:upload} shares).
 */
final class Xep0363Examples {

    private Xep0363Examples() {
    }

    /** 1.1.0 §4: the upload service replies to service discovery, maximum 5 MiB. */
    static final String V0_DISCO_INFO_RESULT = """
            <iq from='upload.montague.tld'
                id='step_02'
                to='romeo@montague.tld/garden'
                type='result'>
              <query xmlns='http://jabber.org/protocol/disco#info'>
                <identity category='store'
                          type='file'
                          name='HTTP File Upload' />
                <feature var='urn:xmpp:http:upload:0' />
                <x type='result' xmlns='jabber:x:data'>
                  <field var='FORM_TYPE' type='hidden'>
                    <value>urn:xmpp:http:upload:0</value>
                  </field>
                  <field var='max-file-size'>
                    <value>5242880</value>
                  </field>
                </x>
              </query>
            </iq>""";

    /** 1.1.0 §5: the client requests a slot. */
    static final String V0_REQUEST = """
            <iq from='romeo@montague.tld/garden'
                id='step_03'
                to='upload.montague.tld'
                type='get'>
              <request xmlns='urn:xmpp:http:upload:0'
                filename='très cool.jpg'
                size='23456'
                content-type='image/jpeg' />
            </iq>""";

    /** 1.1.0 §5: the upload service responds with a slot. */
    static final String V0_SLOT = """
            <iq from='upload.montague.tld'
                id='step_03'
                to='romeo@montague.tld/garden'
                type='result'>
              <slot xmlns='urn:xmpp:http:upload:0'>
                <put url='https://upload.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg'>
                  <header name='Authorization'>Basic Base64String==</header>
                  <header name='Cookie'>foo=bar; user=romeo</header>
                </put>
                <get url='https://download.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg' />
              </slot>
            </iq>""";

    static final String V0_PUT_URL =
            "https://upload.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg";
    static final String V0_GET_URL =
            "https://download.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg";

    /** 1.1.0 §6: the file is too large. */
    static final String V0_FILE_TOO_LARGE = """
            <iq from='upload.montague.tld'
                id='step_03'
                to='romeo@montague.tld/garden'
                type='error'>
              <request xmlns='urn:xmpp:http:upload:0'
                filename='très cool.jpg'
                size='23456'
                content-type='image/jpeg' />
              <error type='modify'>
                <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' />
                <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>File too large. The maximum file size is 20000 bytes</text>
                <file-too-large xmlns='urn:xmpp:http:upload:0'>
                  <max-file-size>20000</max-file-size>
                </file-too-large>
              </error>
            </iq>""";

    /** 1.1.0 §6: a temporary error after the client exceeded a quota. */
    static final String V0_QUOTA_REACHED = """
            <iq from='upload.montague.tld'
                id='step_03'
                to='romeo@montague.tld/garden'
                type='error'>
              <request xmlns='urn:xmpp:http:upload:0'
                filename='très cool.jpg'
                size='23456'
                content-type='image/jpeg' />
              <error type='wait'>
                <resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' />
                <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Quota reached. You can only upload 5 files in 5 minutes</text>
                <retry xmlns='urn:xmpp:http:upload:0'
                  stamp='2017-12-03T23:42:05Z' />
              </error>
            </iq>""";

    /** 1.1.0 §6: a permanent error to a client that is not allowed to upload files. */
    static final String V0_NOT_ALLOWED = """
            <iq from='upload.montague.tld'
                id='step_03'
                to='romeo@montague.tld/garden'
                type='error'>
              <request xmlns='urn:xmpp:http:upload:0'
                 filename='très cool.jpg'
                 size='23456'
                 content-type='image/jpeg' />
              <error type='cancel'>
                <not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' />
                <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Only premium members are allowed to upload files</text>
              </error>
            </iq>""";

    /** 0.2 §4: the client requests a slot, with child elements. */
    static final String V0_2_REQUEST = """
            <iq from='romeo@montague.tld/garden'
                id='step_03'
                to='upload.montague.tld'
                type='get'>
              <request xmlns='urn:xmpp:http:upload'>
                <filename>my_juliet.png</filename>
                <size>23456</size>
                <content-type>image/jpeg</content-type>
              </request>
            </iq>""";

    /** 0.2 §4: the upload service responds with a slot, URLs as text. */
    static final String V0_2_SLOT = """
            <iq from='upload.montague.tld'
                id='step_03'
                to='romeo@montague.tld/garden'
                type='result'>
              <slot xmlns='urn:xmpp:http:upload'>
                <put>https://upload.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/my_juliet.png</put>
                <get>https://download.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/my_juliet.png</get>
              </slot>
            </iq>""";

    static final String V0_2_PUT_URL = "https://upload.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/my_juliet.png";
    static final String V0_2_GET_URL =
            "https://download.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/my_juliet.png";

    /** 0.2 §5: the file is too large. */
    static final String V0_2_FILE_TOO_LARGE = """
            <iq from='upload.montague.tld'
                id='step_03'
                to='romeo@montague.tld/garden'
                type='error'>
              <request xmlns='urn:xmpp:http:upload'>
                <filename>my_juliet.png</filename>
                <size>23456</size>
                <content-type>image/jpeg</content-type>
              </request>
              <error type='modify'>
                <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' />
                <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>File too large. The maximum file size is 20000 bytes</text>
                <file-too-large xmlns='urn:xmpp:http:upload'>
                  <max-file-size>20000</max-file-size>
                </file-too-large>
              </error>
            </iq>""";

    /** The 0.2 examples as Conversations sends them, in its own namespace. */
    static String siacs(String v02Example) {
        return v02Example.replace("xmlns='urn:xmpp:http:upload'", "xmlns='eu:siacs:conversations:http:upload'");
    }
}
