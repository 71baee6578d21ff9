package io.keyrotate.kms.pkcs11;

import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.internal.Texts;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.sse.KmsContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Kms} whose master keys live in a PKCS#11 token (an HSM) and never leave it, over the JDK's
 * SunPKCS11 provider. Tested with SoftHSM2.
 *
 * <p><b>Data keys.</b> {@link #generateKey} draws a 256-bit data key from {@link SecureRandom} and
 * encrypts it inside the token with AES-GCM ({@code CKM_AES_GCM}, 96-bit random nonce, 128-bit tag)
 * under the current version of the named master key; the associated data is the ciphertext header (format
 * version, key name and version) followed by MinIO's canonical JSON of the KMS context ({@link
 * KmsContext#toJson()}). {@link #decrypt} runs the inverse inside the token. A ciphertext that does not
 * authenticate (tampered, other key, other context) fails with a non-retryable {@link IntegrityException}.
 * Ciphertext format: see {@code Pkcs11Ciphertext} ({@code 'K' 'P' 0x01}, algorithm, key name, key
 * version, nonce, sealed key; 70 bytes plus the UTF-8 name). A token that does not offer AES-GCM is refused
 * when the KMS opens: the JDK 17 SunPKCS11 provider offers no AES key-wrap cipher ({@code
 * CKM_AES_KEY_WRAP_PAD}) to fall back on. Random nonces bound each master key version to about 2<sup>32
 * </sup> data keys (NIST SP 800-38D); rotate long before that.
 *
 * <p><b>Master keys and rotation.</b> A master key is a set of AES secret-key token objects, one per
 * version, found by {@code CKA_LABEL}: {@code <name>} is version 1, {@code <name>#<n>} version {@code n}.
 * New data keys use the highest version; every version on the token keeps decrypting. {@link #rotateKey}
 * generates the next version inside the token ({@link #createKey} the first), as a token object that is
 * private, sensitive and not extractable, so its value never exists outside the token; keys made by
 * other tools work too if they follow the label convention. Since ciphertexts name their key version,
 * {@link #isCurrent} tells whether a rewrap would change anything. The versions are read when the KMS
 * opens, after {@link #createKey}/{@link #rotateKey}, on {@link #refresh()}, and when a request names a
 * key or a ciphertext names a version this instance has not seen (at most once a second); open the KMS again (or call {@code
 * refresh}) after rotating a key from another process, or {@code isCurrent} keeps calling the old version
 * current.
 *
 * <p><b>Configuration file</b> ({@link #open(Path)}; {@link Pkcs11Config#read(Path)}): a Java properties
 * file, UTF-8:
 *
 * <pre>
 * # the PKCS#11 module (required)
 * library = /usr/lib/softhsm/libsofthsm2.so
 * # the token: exactly one of
 * slot = 1555376690          # PKCS#11 slot id (SoftHSM2 prints it on --init-token / --show-slots)
 * slotListIndex = 0          # index into the module's slot list
 * # the user PIN: exactly one of (never the PIN itself)
 * pin.env = KEYROTATE_PKCS11_PIN
 * pin.file = hsm.pin         # relative to this file; UTF-8, one trailing newline ignored; not o+r
 * # the key names this KMS serves (optional; default: every AES key on the token); all must exist
 * keys = orders, archive
 * # the default key (required; must exist)
 * defaultKey = orders
 * </pre>
 *
 * Unknown keys (typos, or a {@code pin} entry) are refused with an error naming them.
 *
 * <p><b>Token errors.</b> Failures are reported as {@link KmsException}s that name the key and the
 * PKCS#11 return value ({@code CKR_...}), never a PIN or key material. When the session, the login or an
 * object handle is lost (another process logged out, the token restarted), the KMS logs in again, finds
 * its keys again and repeats the operation once; if that fails with a device or session error the
 * exception is retryable. A refused PIN ({@code CKR_PIN_INCORRECT}, {@code CKR_PIN_LOCKED}) is never
 * retried, since each attempt counts towards locking the token; a missing slot, library or key is not
 * retryable either. A PKCS#11 login belongs to the whole process: while the process is logged in to the
 * token (through any instance), the token does not check the configured PIN again.
 *
 * <p><b>Thread-safety.</b> Safe for concurrent use; one {@link Cipher} per thread. {@link #close()} wipes
 * a {@code char[]} PIN and makes the instance unusable; it does not log out, because a PKCS#11 login is
 * shared by the whole process (other instances on the same token keep working). SunPKCS11 offers no way
 * to unload a provider; its sessions close when it is garbage collected.
 */
public final class Pkcs11Kms implements Kms, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Kms.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String GCM = "AES/GCM/NoPadding";
  private static final long REFRESH_INTERVAL_NANOS = 1_000_000_000L;

  private final Pkcs11Config config;
  private final Provider provider;
  private final String where;
  private final Object lock = new Object();
  private final ThreadLocal<Cipher> ciphers;
  private volatile Keys keys;
  /** Guarded by {@code lock}: when a ciphertext naming an unknown version last made us reload. */
  private long lastMissRefresh;
  private boolean missRefreshed;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicLong recoveries = new java.util.concurrent.atomic.AtomicLong();

  /** The keys found on the token: name → version → key object. Immutable. */
  private static final class Keys {
    final Map<String, NavigableMap<Integer, Key>> byName;

    Keys(Map<String, NavigableMap<Integer, Key>> byName) {
      this.byName = byName;
    }

    @Nullable NavigableMap<Integer, Key> versions(String name) {
      return byName.get(name);
    }
  }

  private Pkcs11Kms(Pkcs11Config config, Provider provider) {
    this.config = config;
    this.provider = provider;
    this.where =
        "PKCS#11 token (" + config.library().getFileName() + ", "
            + (config.slot() != null ? "slot " + config.slot() : "slot index " + config.slotListIndex())
            + ")";
    this.ciphers = ThreadLocal.withInitial(this::newCipher);
    this.keys = new Keys(Map.of());
  }

  /**
   * Opens the KMS described by a configuration file (format: see the class documentation).
   *
   * @param configFile the file
   * @return the KMS, logged in, with its keys found
   * @throws KmsException when the file is invalid, the library or slot is missing, the PIN is refused,
   *     or a configured key is not on the token
   */
  public static Pkcs11Kms open(Path configFile) {
    return open(Pkcs11Config.read(configFile));
  }

  /**
   * Opens the KMS: loads the PKCS#11 module, logs in and finds the keys.
   *
   * @param config the configuration
   * @return the KMS
   * @throws KmsException when the library or slot is missing, the PIN is refused, the token lacks
   *     AES-GCM, or a configured key is not on the token
   */
  public static Pkcs11Kms open(Pkcs11Config config) {
    return open(config, false);
  }

  /**
   * Opens the KMS like {@link #open(Pkcs11Config)} and first generates, inside the token, every
   * configured key that is not there yet (the default key and those listed in {@code keys}), as {@link
   * #createKey} does. For setting up a fresh token.
   *
   * @param config the configuration
   * @return the KMS
   * @throws KmsException when the library or slot is missing, the PIN is refused or the token fails
   */
  public static Pkcs11Kms create(Pkcs11Config config) {
    return open(config, true);
  }

  private static Pkcs11Kms open(Pkcs11Config config, boolean createMissing) {
    Provider provider;
    try {
      provider = configure(config);
    } catch (RuntimeException e) {
      config.pin().wipe();
      throw e;
    }
    Pkcs11Kms kms = new Pkcs11Kms(config, provider);
    try {
      kms.newCipher();
      synchronized (kms.lock) {
        kms.keys = kms.load();
        if (createMissing) {
          TreeSet<String> wanted = new TreeSet<>(config.keys());
          wanted.add(config.defaultKey());
          for (String name : wanted) {
            if (kms.keys.versions(name) == null) {
              kms.generateOnToken(name, 1);
            }
          }
        }
      }
      kms.requireConfiguredKeys();
    } catch (RuntimeException | Error e) {
      kms.close();
      throw e;
    }
    LOG.info(
        "PKCS#11 KMS open: {}, {} key(s), default key '{}'",
        kms.where, kms.keys.byName.size(), Texts.clip(config.defaultKey()));
    return kms;
  }

  private static Provider configure(Pkcs11Config config) {
    Path lib = config.library();
    if (!Files.isRegularFile(lib)) {
      throw new KmsException("PKCS#11 library " + lib + " does not exist");
    }
    String text = lib.toString();
    if (text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new KmsException("PKCS#11 library path must not contain quotes or line breaks: " + lib);
    }
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new KmsException(
          "the JDK's SunPKCS11 provider is not available (module jdk.crypto.cryptoki is missing from"
              + " this runtime)");
    }
    String slot =
        config.slot() != null ? "slot = " + config.slot() : "slotListIndex = " + config.slotListIndex();
    // Generated keys start as session objects that are sensitive and not extractable; storing them
    // copies them to the token under their label (see generateOnToken), so no unlabelled copy remains.
    String p11 =
        "--name = keyrotate\n"
            + "library = \"" + text + "\"\n"
            + slot + "\n"
            + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
            + "  CKA_TOKEN = false\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n"
            + "  CKA_ENCRYPT = true\n  CKA_DECRYPT = true\n}\n";
    try {
      return base.configure(p11);
    } catch (RuntimeException e) {
      String code = TokenErrors.code(e);
      String where = slot.replace(" = ", " ");
      if ("CKR_SLOT_ID_INVALID".equals(code) || "CKR_TOKEN_NOT_PRESENT".equals(code)) {
        throw new KmsException(
            "no token in " + where + " of PKCS#11 library " + lib + " (" + code + ")", e, false);
      }
      throw new KmsException(
          "cannot load PKCS#11 library " + lib + " for " + where + ": " + describe(e), e,
          TokenErrors.kind(e) == TokenErrors.Kind.TRANSIENT);
    }
  }

  private static String describe(Throwable e) {
    String code = TokenErrors.code(e);
    if (code != null) {
      return code;
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private Cipher newCipher() {
    try {
      return Cipher.getInstance(GCM, provider);
    } catch (GeneralSecurityException e) {
      throw new KmsException(
          where + " does not offer AES-GCM (CKM_AES_GCM), which this KMS requires", e, false);
    }
  }

  private void requireConfiguredKeys() {
    TreeSet<String> missing = new TreeSet<>(config.keys());
    missing.add(config.defaultKey());
    missing.removeAll(keys.byName.keySet());
    if (!missing.isEmpty()) {
      throw new KmsException(
          "no AES key " + missing.iterator().next() + " on the " + where
              + (missing.size() > 1 ? " (missing: " + missing + ")" : "")
              + "; create it with createKey or label an existing key so");
    }
  }

  // ------------------------------------------------------------------ token access

  /** Logs in (when not logged in yet) and reads the key labels. Called under {@code lock} or in open. */
  private Keys load() {
    KeyStore ks = login();
    try {
      TreeMap<String, NavigableMap<Integer, Key>> found = new TreeMap<>();
      for (String alias : Collections.list(ks.aliases())) {
        KeyLabels.Parsed p = KeyLabels.parse(alias);
        if (p == null
            || (!config.keys().isEmpty() && !config.keys().contains(p.name()))
            || !ks.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)) {
          continue;
        }
        Key k = ks.getKey(alias, null);
        if (k == null || !"AES".equalsIgnoreCase(k.getAlgorithm())) {
          continue;
        }
        found.computeIfAbsent(p.name(), n -> new TreeMap<>()).put(p.version(), k);
      }
      TreeMap<String, NavigableMap<Integer, Key>> frozen = new TreeMap<>();
      found.forEach((n, v) -> frozen.put(n, Collections.unmodifiableNavigableMap(v)));
      return new Keys(Collections.unmodifiableMap(frozen));
    } catch (GeneralSecurityException | ProviderException e) {
      throw tokenFailure("cannot list the keys of the " + where, e);
    }
  }

  private KeyStore login() {
    char[] pin = config.pin().read();
    try {
      KeyStore ks = KeyStore.getInstance("PKCS11", provider);
      ks.load(null, pin);
      return ks;
    } catch (IOException | GeneralSecurityException | ProviderException e) {
      TokenErrors.Kind kind = TokenErrors.kind(e);
      if (kind == TokenErrors.Kind.LOGIN_REFUSED) {
        throw new KmsException(
            "the " + where + " refused the PIN from " + config.pin() + TokenErrors.suffix(e)
                + "; not retried, since failed logins lock the token",
            e, false);
      }
      throw tokenFailure("cannot log in to the " + where, e);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  private KmsException tokenFailure(String what, Throwable e) {
    boolean retryable = TokenErrors.kind(e) == TokenErrors.Kind.TRANSIENT;
    return new KmsException(what + ": " + describe(e), e, retryable);
  }

  /** One attempt of a token operation on a key snapshot. */
  @FunctionalInterface
  private interface Op<T> {
    T run(Keys keys, Cipher cipher) throws GeneralSecurityException;
  }

  /**
   * Runs {@code op}; when the token lost the session, the login or the handles, logs in again, finds the
   * keys again and runs it once more.
   */
  private <T> T call(String what, Op<T> op) {
    Keys before = snapshot();
    try {
      return op.run(before, ciphers.get());
    } catch (AEADBadTagException e) {
      throw new IllegalStateException("an operation let a tag failure through", e);
    } catch (GeneralSecurityException | ProviderException e) {
      ciphers.remove(); // its state is unknown after a failure
      if (TokenErrors.kind(e) != TokenErrors.Kind.TRANSIENT) {
        throw new KmsException(what + " failed on the " + where + ": " + describe(e), e, false);
      }
      LOG.debug("{} failed on the {}{}; logging in again", what, where, TokenErrors.suffix(e));
      Keys after = recover(before, e);
      try {
        return op.run(after, ciphers.get());
      } catch (GeneralSecurityException | ProviderException again) {
        ciphers.remove();
        boolean retryable = TokenErrors.kind(again) == TokenErrors.Kind.TRANSIENT;
        if (retryable) {
          LOG.warn("{} failed on the {} after logging in again{}", what, where, TokenErrors.suffix(again));
        }
        throw new KmsException(
            what + " failed on the " + where + " after logging in again: " + describe(again), again,
            retryable);
      }
    }
  }

  /**
   * Logs in and reloads the keys, unless another thread did so since {@code failed} was current.
   *
   * <p>When none of the keys this instance served is on the token any more, the token was most likely
   * reset or replaced under us: the failure is retryable and the old list stays, so the next call looks
   * again. When only some keys or versions are gone (deleted by an administrator), the new list is taken
   * and operations on the deleted ones fail as not retryable.
   */
  private Keys recover(Keys failed, Throwable cause) {
    synchronized (lock) {
      checkOpen();
      if (keys != failed) {
        return keys;
      }
      Keys fresh = load();
      if (!failed.byName.isEmpty()
          && failed.byName.keySet().stream().noneMatch(fresh.byName::containsKey)) {
        throw new KmsException(
            "none of the " + failed.byName.size() + " key(s) this KMS served is on the " + where
                + " any more after a token error" + TokenErrors.suffix(cause)
                + " (the token may have been reset or replaced); looking again on the next call",
            cause, true);
      }
      keys = fresh;
      recoveries.incrementAndGet();
      return fresh;
    }
  }

  /** How often this instance logged in again after a token error; for tests. */
  long recoveries() {
    return recoveries.get();
  }

  private Keys snapshot() {
    checkOpen();
    return keys;
  }

  private void checkOpen() {
    if (closed) {
      throw new KmsException("the PKCS#11 KMS was closed");
    }
  }

  /**
   * The versions of {@code keyId}; when this instance has not seen the key, reads the token's labels
   * again first (at most once a second), since another process may have created it.
   */
  private NavigableMap<Integer, Key> requireKnownKey(String keyId) {
    NavigableMap<Integer, Key> v = snapshot().versions(keyId);
    if (v == null && KeyLabels.isName(keyId)) {
      refreshAtMostEverySecond();
    }
    return requireKey(snapshot(), keyId);
  }

  private NavigableMap<Integer, Key> requireKey(Keys k, String keyId) {
    NavigableMap<Integer, Key> v = k.versions(keyId);
    if (v == null || v.isEmpty()) {
      throw new KmsException("no key '" + Texts.clip(keyId) + "' on the " + where);
    }
    return v;
  }

  // ------------------------------------------------------------------ Kms

  @Override
  public String defaultKeyId() {
    checkOpen();
    return config.defaultKey();
  }

  @Override
  public DataKey generateKey(GenerateKeyRequest request) {
    String keyId = request.keyId();
    requireKnownKey(keyId);
    byte[] context = KmsContext.of(request.context()).toJson();
    byte[] dk = new byte[Pkcs11Ciphertext.DATA_KEY];
    RANDOM.nextBytes(dk);
    SecretBytes plain = SecretBytes.wrapOwned(dk.clone());
    try {
      byte[] ct =
          call(
              "generating a data key with key '" + Texts.clip(keyId) + "'",
              (ks, c) -> {
                Map.Entry<Integer, Key> current = requireKey(ks, keyId).lastEntry();
                byte[] nonce = new byte[Pkcs11Ciphertext.NONCE];
                RANDOM.nextBytes(nonce);
                byte[] out = Pkcs11Ciphertext.start(keyId, current.getKey(), nonce);
                int header = out.length - Pkcs11Ciphertext.DATA_KEY - Pkcs11Ciphertext.TAG;
                c.init(
                    Cipher.ENCRYPT_MODE, current.getValue(),
                    new GCMParameterSpec(Pkcs11Ciphertext.TAG * 8, nonce));
                c.updateAAD(out, 0, header);
                c.updateAAD(context);
                int n = c.doFinal(dk, 0, dk.length, out, header);
                if (n != Pkcs11Ciphertext.DATA_KEY + Pkcs11Ciphertext.TAG) {
                  throw new ProviderException("AES-GCM returned " + n + " bytes");
                }
                return out;
              });
      return new DataKey(plain, KmsCiphertext.copyOf(ct), keyId);
    } catch (RuntimeException | Error e) {
      plain.close();
      throw e;
    } finally {
      Arrays.fill(dk, (byte) 0);
    }
  }

  @Override
  public SecretBytes decrypt(DecryptRequest request) {
    String keyId = request.keyId();
    requireKnownKey(keyId);
    Keys k = snapshot();
    byte[] ct = request.ciphertext().toByteArray();
    Pkcs11Ciphertext.Header h = Pkcs11Ciphertext.header(ct);
    if (h == null) {
      throw new IntegrityException("not a ciphertext of this PKCS#11 KMS (key '" + Texts.clip(keyId) + "')");
    }
    if (!h.name().equals(keyId)) {
      throw new IntegrityException(
          "the ciphertext was made by key '" + Texts.clip(h.name()) + "', not '" + Texts.clip(keyId) + "'");
    }
    if (!requireKey(k, keyId).containsKey(h.version())) {
      k = refreshAtMostEverySecond();
      if (!requireKey(k, keyId).containsKey(h.version())) {
        throw new IntegrityException(
            "key '" + Texts.clip(keyId) + "' has no version " + h.version() + " on the " + where);
      }
    }
    byte[] context = KmsContext.of(request.context()).toJson();
    String what = "decrypting a data key of key '" + Texts.clip(keyId) + "' version " + h.version();
    return call(
        what,
        (ks, c) -> {
          Key master = requireKey(ks, keyId).get(h.version());
          if (master == null) {
            throw new KmsException(
                "key '" + Texts.clip(keyId) + "' version " + h.version() + " is no longer on the " + where);
          }
          // SunPKCS11 asks for room for the tag too before it knows the plaintext length.
          byte[] plain = new byte[Pkcs11Ciphertext.DATA_KEY + Pkcs11Ciphertext.TAG];
          try {
            c.init(
                Cipher.DECRYPT_MODE, master,
                new GCMParameterSpec(
                    Pkcs11Ciphertext.TAG * 8, ct, h.length() - Pkcs11Ciphertext.NONCE,
                    Pkcs11Ciphertext.NONCE));
            c.updateAAD(ct, 0, h.length());
            c.updateAAD(context);
            int n = c.doFinal(ct, h.length(), ct.length - h.length(), plain, 0);
            if (n != Pkcs11Ciphertext.DATA_KEY) {
              throw new IntegrityException("KMS ciphertext has the wrong length");
            }
            SecretBytes key = SecretBytes.copyOf(plain, 0, Pkcs11Ciphertext.DATA_KEY);
            Arrays.fill(plain, (byte) 0);
            return key;
          } catch (AEADBadTagException e) {
            Arrays.fill(plain, (byte) 0);
            ciphers.remove();
            throw new IntegrityException(
                "KMS ciphertext does not authenticate under key '" + Texts.clip(keyId) + "' version "
                    + h.version() + " and this context",
                e);
          } catch (GeneralSecurityException | RuntimeException e) {
            Arrays.fill(plain, (byte) 0);
            throw e;
          }
        });
  }

  /**
   * {@link KeyVersionState#CURRENT} when the ciphertext was made by the highest version of {@code keyId}
   * this instance knows, {@link KeyVersionState#OUTDATED} when by an older version or another key, {@link
   * KeyVersionState#UNKNOWN} when it is not this KMS's format.
   */
  @Override
  public KeyVersionState isCurrent(IsCurrentRequest request) {
    Keys k = snapshot();
    Pkcs11Ciphertext.Header h = Pkcs11Ciphertext.header(request.ciphertext().toByteArray());
    if (h == null) {
      return KeyVersionState.UNKNOWN;
    }
    NavigableMap<Integer, Key> versions = k.versions(request.keyId());
    return versions != null
            && !versions.isEmpty()
            && h.name().equals(request.keyId())
            && h.version() == versions.lastKey()
        ? KeyVersionState.CURRENT
        : KeyVersionState.OUTDATED;
  }

  // ------------------------------------------------------------------ key management

  /**
   * Reads the key labels on the token again (after another process created or rotated a key).
   *
   * @throws KmsException when the token fails
   */
  public void refresh() {
    synchronized (lock) {
      checkOpen();
      keys = load();
    }
  }

  /** Reloads the key list for a ciphertext naming an unknown version, at most once a second. */
  private Keys refreshAtMostEverySecond() {
    synchronized (lock) {
      checkOpen();
      long now = System.nanoTime();
      if (!missRefreshed || now - lastMissRefresh >= REFRESH_INTERVAL_NANOS) {
        keys = load();
        missRefreshed = true;
        lastMissRefresh = System.nanoTime();
      }
      return keys;
    }
  }

  /**
   * The keys this KMS serves, by name.
   *
   * @return name, versions and default flag of each key
   */
  public List<Pkcs11KeyInfo> keys() {
    Keys k = snapshot();
    List<Pkcs11KeyInfo> out = new ArrayList<>();
    k.byName.forEach(
        (name, versions) ->
            out.add(
                new Pkcs11KeyInfo(
                    name, versions.lastKey(), new ArrayList<>(versions.keySet()),
                    name.equals(config.defaultKey()))));
    return out;
  }

  /**
   * Generates version 1 of a new master key inside the token (AES-256, private, sensitive, not
   * extractable), labelled {@code name}.
   *
   * @param name the key name
   * @return the new key
   * @throws IllegalArgumentException when the name is invalid, exists, or is not among the configured
   *     keys
   * @throws KmsException when the token fails
   */
  public Pkcs11KeyInfo createKey(String name) {
    if (!KeyLabels.isName(name)) {
      throw new IllegalArgumentException(
          "'" + Texts.clip(name) + "' is not a key name (1..256 characters, no control characters, not"
              + " ending in #<digits>)");
    }
    if (!config.keys().isEmpty() && !config.keys().contains(name)) {
      throw new IllegalArgumentException(
          "key '" + Texts.clip(name) + "' is not among the configured keys " + config.keys());
    }
    synchronized (lock) {
      refresh();
      if (keys.versions(name) != null) {
        throw new IllegalArgumentException("key '" + Texts.clip(name) + "' already exists on the " + where);
      }
      return generateOnToken(name, 1);
    }
  }

  /**
   * Generates the next version of a master key inside the token and makes it current. Older versions stay
   * on the token and keep decrypting.
   *
   * @param name the key name
   * @return the key with its new current version
   * @throws IllegalArgumentException when there is no such key
   * @throws KmsException when the token fails
   */
  public Pkcs11KeyInfo rotateKey(String name) {
    synchronized (lock) {
      refresh();
      NavigableMap<Integer, Key> versions = keys.versions(name);
      if (versions == null || versions.isEmpty()) {
        throw new IllegalArgumentException("no key '" + Texts.clip(name) + "' on the " + where);
      }
      if (versions.lastKey() == KeyLabels.MAX_VERSION) {
        throw new IllegalArgumentException("key '" + Texts.clip(name) + "' has no versions left");
      }
      return generateOnToken(name, versions.lastKey() + 1);
    }
  }

  /** Called under {@code lock}. */
  private Pkcs11KeyInfo generateOnToken(String name, int version) {
    String label = KeyLabels.label(name, version);
    try {
      KeyStore ks = login();
      KeyGenerator gen = KeyGenerator.getInstance("AES", provider);
      gen.init(256);
      SecretKey session = gen.generateKey();
      // Copies the session object to a private token object labelled `label` (C_CopyObject), keeping
      // CKA_SENSITIVE = true and CKA_EXTRACTABLE = false.
      ks.setKeyEntry(label, session, null, null);
    } catch (GeneralSecurityException | ProviderException e) {
      throw tokenFailure("cannot generate key '" + Texts.clip(label) + "' on the " + where, e);
    }
    keys = load();
    LOG.info("PKCS#11 KMS: generated key '{}' version {} on the {}", Texts.clip(name), version, where);
    return keys().stream().filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> new KmsException("generated key '" + Texts.clip(label) + "' is not on the " + where));
  }

  /** The provider, for tests (to log out as another part of the process would). */
  Provider provider() {
    return provider;
  }

  /** A master key object, for tests; {@code null} when absent. */
  @Nullable Key masterKey(String name, int version) {
    NavigableMap<Integer, Key> v = snapshot().versions(name);
    return v == null ? null : v.get(version);
  }

  /** Wipes a {@code char[]} PIN and makes this instance unusable. Idempotent; does not log out. */
  @Override
  public void close() {
    closed = true;
    config.pin().wipe();
    keys = new Keys(Map.of());
  }

  /** Names the library and slot, never the PIN. */
  @Override
  public String toString() {
    return "Pkcs11Kms[" + where + ", default key '" + Texts.clip(config.defaultKey()) + "']";
  }
}
