/**
 * The fixed ACS3-HMAC-SHA256 vector of the official SDK (@alicloud/openapi-core): the
 * client's signer reproduces it and the simulator's verifier accepts it, each with its own
 * code. The content hash is written out (SHA-256 of the empty body) so neither side's
 * helper computes the other's input.
 */
export const ACS3_VECTOR = {
  accessKeyId: 'testid',
  accessKeySecret: 'testsecret',
  query: {
    RegionId: 'cn-hangzhou',
    InstanceIds: '["i-abc","i-def"]',
    PageSize: '10',
    'Tag.1.Key': 'env',
    'Tag.1.Value': 'prod test*~',
    'Tag.2.Key': 'owner',
    'Tag.2.Value': "a+b!'()",
  },
  headers: {
    host: '127.0.0.1:18082',
    'x-acs-action': 'DescribeInstances',
    'x-acs-version': '2014-05-26',
    'x-acs-date': '2024-01-02T03:04:05Z',
    'x-acs-signature-nonce': 'c1b2f3a4-0000-4000-8000-000000000001',
    'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'x-acs-credentials-provider': 'static_ak',
  },
  signedHeaders: [
    'host',
    'x-acs-action',
    'x-acs-content-sha256',
    'x-acs-credentials-provider',
    'x-acs-date',
    'x-acs-signature-nonce',
    'x-acs-version',
  ],
  signature: 'e363f1c860aecc78d02d715f5e33d59ba80578a9e9332dc123dcea25c17426f9',
} as const;
