// A local certificate authority: a CA, server certificates (DNS and IP subject alternative names, IP entries as
// iPAddress, extendedKeyUsage serverAuth) and client certificates (clientAuth), as web_ipc makes for its own
// server. Used by `isobar certs` and by `isobar-server init`.
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import { IsobarError } from '@isobar/protocol';

// ECDSA P-256 keys: generated in milliseconds, accepted by every TLS stack in use.
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate and its private key, both PEM. */
export interface PemPair {
  readonly cert: string;
  readonly key: string;
}

/** A CA that can sign: its PEM pair plus the parsed certificate and key. */
export interface LocalCa extends PemPair {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: webcrypto.CryptoKey;
}

/** Options of {@link issueServerCertificate} and {@link issueClientCertificate}. */
export interface CertificateOptions {
  /** Subject common name. @default the first DNS name (server) or `client` */
  readonly commonName?: string;
  /** Subject alternative names: host names and IP addresses (IP entries are written as iPAddress). */
  readonly altNames?: readonly string[];
  /** Validity in days (browsers refuse more than 825). @default 825 */
  readonly days?: number;
}

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** A positive random serial of 16 bytes (RFC 5280: positive, at most 20 octets). */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key);
  return `${x509.PemConverter.encode(pkcs8, 'PRIVATE KEY')}\n`;
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  // A little in the past, so a client whose clock is slightly behind accepts a fresh certificate.
  const notBefore = new Date(Date.now() - 5 * 60 * 1000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * DAY_MS) };
}

/**
 * Creates a CA: basicConstraints CA:TRUE (critical), keyUsage keyCertSign + cRLSign (critical).
 *
 * @example
 * ```ts
 * const ca = await createLocalCa('Isobar local CA (host1)');
 * await writeFile('tls/ca.crt', ca.cert);
 * ```
 */
export async function createLocalCa(commonName: string, days = 3650): Promise<LocalCa> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ CN: [commonName] }, { O: ['Isobar'] }],
    ...validity(days),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    cert: `${certificate.toString('pem')}\n`,
    key: await privateKeyPem(keys.privateKey),
    certificate,
    privateKey: keys.privateKey,
  };
}

/**
 * Reads a CA made by {@link createLocalCa} (an ECDSA P-256 key in PKCS#8 PEM) back for signing.
 *
 * @throws IsobarError `INVALID_ARGUMENT` when the PEM texts are not a certificate and a P-256 key.
 */
export async function loadLocalCa(certPem: string, keyPem: string): Promise<LocalCa> {
  try {
    const certificate = new x509.X509Certificate(certPem);
    const der = x509.PemConverter.decodeFirst(keyPem);
    const privateKey = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
    return { cert: certPem, key: keyPem, certificate, privateKey };
  } catch (cause) {
    const reason = `not a CA certificate and ECDSA P-256 PKCS#8 key (${(cause as Error).message})`;
    throw new IsobarError('INVALID_ARGUMENT', { details: { reason }, cause });
  }
}

/** The subject alternative names of `altNames`: IP addresses as `ip`, everything else as `dns`. */
export function toGeneralNames(altNames: readonly string[]): x509.JsonGeneralNames {
  return altNames.map((name) => ({ type: isIP(name) === 0 ? 'dns' : 'ip', value: name }) as const);
}

async function issue(ca: LocalCa, options: CertificateOptions, usage: 'server' | 'client'): Promise<PemPair> {
  const keys = await generateKeys();
  const altNames = options.altNames ?? [];
  const fallback = usage === 'server' ? (altNames.find((name) => isIP(name) === 0) ?? 'localhost') : 'client';
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(
      [x509.ExtendedKeyUsage[usage === 'server' ? 'serverAuth' : 'clientAuth']],
      false,
    ),
    await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (altNames.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(toGeneralNames(altNames), false));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [{ CN: [options.commonName ?? fallback] }, { O: ['Isobar'] }],
    issuer: ca.certificate.subjectName,
    ...validity(options.days ?? 825),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    extensions,
  });
  return { cert: `${certificate.toString('pem')}\n`, key: await privateKeyPem(keys.privateKey) };
}

/**
 * Issues a server certificate signed by `ca`: keyUsage digitalSignature, extendedKeyUsage serverAuth, the
 * given subject alternative names.
 *
 * @example
 * ```ts
 * const server = await issueServerCertificate(ca, { altNames: ['localhost', '127.0.0.1'] });
 * ```
 */
export function issueServerCertificate(ca: LocalCa, options: CertificateOptions): Promise<PemPair> {
  return issue(ca, options, 'server');
}

/** Issues a client certificate signed by `ca` (extendedKeyUsage clientAuth) for mutual TLS. */
export function issueClientCertificate(ca: LocalCa, options: CertificateOptions = {}): Promise<PemPair> {
  return issue(ca, options, 'client');
}

/** The options `isobar-server init` passes (same as {@link CertificateOptions}). */
export type ServerCertificateOptions = CertificateOptions;
