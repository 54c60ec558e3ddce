// The local certificate authority of `isobar certs` and `isobar-server init`.
export {
  createLocalCa,
  issueClientCertificate,
  issueServerCertificate,
  loadLocalCa,
  toGeneralNames,
  type CertificateOptions,
  type ServerCertificateOptions,
  type LocalCa,
  type PemPair,
} from './local-ca.js';
