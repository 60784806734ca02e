'use strict';
// Decrypts Web Push messages (RFC 8291, aes128gcm) with http_ece, an implementation we did not write, so that the
// Java tests check WebPushSender's encryption against someone else's.
// Input on stdin: a JSON array of {"body", "privateKey", "authSecret"}, each base64url: the POSTed body, the
// subscriber's P-256 private key (the 32-byte scalar) and its auth secret.
// Output on stdout: a JSON array of {"plaintext": base64url} or {"error": message}, in the same order.
const crypto = require('crypto');
const ece = require('http_ece');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map((item) => {
    try {
      const receiver = crypto.createECDH('prime256v1');
      receiver.setPrivateKey(Buffer.from(item.privateKey, 'base64url'));
      const plaintext = ece.decrypt(Buffer.from(item.body, 'base64url'), {
        version: 'aes128gcm',
        privateKey: receiver,
        authSecret: item.authSecret,
      });
      return { plaintext: plaintext.toString('base64url') };
    } catch (e) {
      return { error: String(e && e.message || e) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
