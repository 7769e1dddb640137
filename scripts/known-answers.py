#!/usr/bin/env python3
"""Writes runtime/src/main/resources/dev/qsafe/runtime/registry/known-answers.properties: the registry's
known-answer self-tests (docs/PROVIDERS.md, "Trust"), extracted from the published vectors in
../shared/vectors (and the few values named below). Run from the project root:
    python3 scripts/known-answers.py [vectors-dir]
Long outputs are stored as their SHA-256 ('.sha256' keys); everything is lower-case hex."""
import base64, gzip, hashlib, json, sys, os

V = sys.argv[1] if len(sys.argv) > 1 else os.path.join('..', 'shared', 'vectors')
def load(p):
    p = os.path.join(V, p)
    return json.load(gzip.open(p) if p.endswith('.gz') else open(p))
def sha(h): return hashlib.sha256(bytes.fromhex(h)).hexdigest()
def b64(s): return base64.b64decode(s).hex()
out = []
def put(alg, key, value, source=None):
    if source: out.append('# ' + alg + ': ' + source)
    out.append(f'{alg}.{key}={value.lower()}')

# AEADs: the first Wycheproof case with a non-empty message and associated data, 12-byte nonce, 16-byte tag.
for alg, size, f in [('AES-128-GCM', 128, 'aes_gcm_test.json.gz'), ('AES-256-GCM', 256, 'aes_gcm_test.json.gz'),
                     ('ChaCha20-Poly1305', 256, 'chacha20_poly1305_test.json.gz')]:
    d = load('wycheproof/' + f)
    t = next((g, t) for g in d['testGroups'] if g['keySize'] == size and g['ivSize'] == 96 and g['tagSize'] == 128
             for t in g['tests'] if t['result'] == 'valid' and t['msg'] and t['aad'])[1]
    src = f"Wycheproof {f.split('.')[0]} tcId {t['tcId']}"
    put(alg, 'key', t['key'], src); put(alg, 'nonce', t['iv']); put(alg, 'aad', t['aad']); put(alg, 'plaintext', t['msg'])
    put(alg, 'sealed', t['ct'] + t['tag'])

d = load('wycheproof/hkdf_sha256_test.json.gz')
t = next(t for g in d['testGroups'] for t in g['tests'] if t['result'] == 'valid' and t['salt'] and t['info'])
put('HKDF-SHA256', 'ikm', t['ikm'], f"Wycheproof hkdf_sha256_test tcId {t['tcId']} (RFC 5869 A.1)")
put('HKDF-SHA256', 'salt', t['salt']); put('HKDF-SHA256', 'info', t['info']); put('HKDF-SHA256', 'okm', t['okm'])

# HKDF-SHA384: Wycheproof hkdf_sha384_test (not in ../shared/vectors: its cases 1-20 are kept with the tests).
with open(os.path.join('tests', 'src', 'test', 'resources', 'vectors', 'wycheproof_hkdf_sha384_test.json')) as f:
    d = json.load(f)
t = next(t for g in d['testGroups'] for t in g['tests'] if t['result'] == 'valid' and t['salt'] and t['info'])
put('HKDF-SHA384', 'ikm', t['ikm'], f"Wycheproof hkdf_sha384_test tcId {t['tcId']}")
put('HKDF-SHA384', 'salt', t['salt']); put('HKDF-SHA384', 'info', t['info']); put('HKDF-SHA384', 'okm', t['okm'])

# SHAKE: FIPS 202 on the empty message (NIST's example values; checked against Python's hashlib here).
for alg, fn, n in [('SHAKE128', hashlib.shake_128, 32), ('SHAKE256', hashlib.shake_256, 64)]:
    put(alg, 'input', '', 'FIPS 202 example value, empty message'); put(alg, 'output', fn(b'').hexdigest(n))
assert hashlib.shake_128(b'').hexdigest(32) == '7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26'

# Argon2id: libsodium test/default/pwhash_argon2id.c tv3 (also in tests' Argon2idTest).
enc = '$argon2id$v=19$m=4096,t=1,p=3$PkEgcHJldHR5IGxvbmcgc2FsdA$HUqx5Z1b/ZypnUrvvJ5UC2Q+T6Q1WwASK/Kr9dRbGA0'
parts = enc.split('$'); pad = lambda s: s + '=' * (-len(s) % 4)
put('Argon2id', 'passphrase', b'K3S=KyH#)36_?]LxeR8QNKw6X=gFbxai$C%29V*'.hex(), 'libsodium pwhash_argon2id.c tv3: ' + enc)
put('Argon2id', 'salt', base64.b64decode(pad(parts[4])).hex()); put('Argon2id', 'cost', '4096,1,3')
put('Argon2id', 'output', base64.b64decode(pad(parts[5])).hex())

h = load('hpke/rfc9180_x25519_hkdfsha256.json.gz')[0]
a = 'DHKEM-X25519-HKDF-SHA256'
put(a, 'ikmR', h['ikmR'], 'RFC 9180 A.1 (first suite of the vector file)'); put(a, 'pkR', h['pkRm'])
put(a, 'ikmE', h['ikmE']); put(a, 'enc', h['enc']); put(a, 'sharedSecret', h['shared_secret'])

kg = load('acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json')
ed = load('acvp-sample/ML-KEM-encapDecap-FIPS203/internalProjection.json')
for g in kg['testGroups']:
    t = g['tests'][0]; a = g['parameterSet']
    put(a, 'seed', t['d'] + t['z'], f"ACVP ML-KEM-keyGen-FIPS203 vsId {kg['vsId']} tgId {g['tgId']} tcId {t['tcId']} (seed = d || z)")
    put(a, 'publicKey.sha256', sha(t['ek']))
    e = next(g2 for g2 in ed['testGroups'] if g2['parameterSet'] == a and g2['function'] == 'encapsulation')['tests'][0]
    put(a, 'encapsulationKey', e['ek'], f"ACVP ML-KEM-encapDecap-FIPS203 vsId {ed['vsId']} encapsulation tcId {e['tcId']}")
    put(a, 'm', e['m']); put(a, 'ciphertext.sha256', sha(e['c'])); put(a, 'sharedSecret', e['k'])

x = load('xwing/test-vectors.json')[0]
put('X-Wing', 'seed', x['seed'], 'draft-connolly-cfrg-xwing-kem test-vectors.json, first vector')
put('X-Wing', 'publicKey.sha256', sha(x['pk']))
put('X-Wing', 'eseed', x['eseed']); put('X-Wing', 'ciphertext.sha256', sha(x['ct'])); put('X-Wing', 'sharedSecret', x['ss'])

c = load('composite-mldsa/testvectors.json.gz')
for tc, a in [('id-ML-DSA-44', 'ML-DSA-44'), ('id-ML-DSA-65', 'ML-DSA-65'), ('id-ML-DSA-87', 'ML-DSA-87'),
              ('id-MLDSA44-Ed25519-SHA512', 'MLDSA44-Ed25519-SHA512'), ('id-MLDSA65-Ed25519-SHA512', 'MLDSA65-Ed25519-SHA512')]:
    t = next(t for t in c['tests'] if t['tcId'] == tc)
    put(a, 'seed', b64(t['sk']), f'lamps-wg/draft-composite-sigs testvectors.json tcId {tc} (sk is the seed; s signs m, empty context)')
    put(a, 'publicKey', b64(t['pk'])); put(a, 'message', b64(c['m'])); put(a, 'signature', b64(t['s']))

sp = load('acvp-sample/SLH-DSA-keyGen-FIPS205/prompt.json'); sr = load('acvp-sample/SLH-DSA-keyGen-FIPS205/expectedResults.json')
for g in sp['testGroups']:
    a = g['parameterSet']
    if a not in ('SLH-DSA-SHA2-128s', 'SLH-DSA-SHA2-128f'):
        continue
    t = g['tests'][0]
    r = next(r for rg in sr['testGroups'] if rg['tgId'] == g['tgId'] for r in rg['tests'] if r['tcId'] == t['tcId'])
    put(a, 'seed', t['skSeed'] + t['skPrf'] + t['pkSeed'],
        f"ACVP SLH-DSA-keyGen-FIPS205 vsId {sp['vsId']} tgId {g['tgId']} tcId {t['tcId']} (seed = SK.seed || SK.prf || PK.seed)")
    put(a, 'publicKey', r['pk'])

# Ed25519: RFC 8032 section 7.1, TEST 2 (one-byte message).
put('Ed25519', 'seed', '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'RFC 8032 section 7.1 TEST 2')
put('Ed25519', 'publicKey', '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c')
put('Ed25519', 'message', '72')
put('Ed25519', 'signature', '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00')

with open(os.path.join('runtime', 'src', 'main', 'resources', 'dev', 'qsafe', 'runtime', 'registry', 'known-answers.properties'), 'w') as f:
    f.write('# The registry\'s known-answer self-tests, written by scripts/known-answers.py from published vectors.\n')
    f.write('# Keys: <algorithm>.<field>; hex; ".sha256" is the SHA-256 of a long value. Do not edit by hand.\n')
    f.write('\n'.join(out) + '\n')
