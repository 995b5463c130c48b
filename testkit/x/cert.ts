// A self-signed certificate for 127.0.0.1/localhost, made at start: twitter-api-v2 only speaks HTTPS,
// so the fake must too. Clients trust `cert` through an https.Agent({ ca }) or NODE_EXTRA_CA_CERTS.
import selfsigned from 'selfsigned';

export interface Certificate { key: string; cert: string }

export async function makeCertificate(): Promise<Certificate> {
  const notBefore = new Date(Date.now() - 24 * 3600_000);
  const notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'warhorn-x-fake' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      // A self-signed leaf that is also its own CA, so it can sit in a trust store.
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
