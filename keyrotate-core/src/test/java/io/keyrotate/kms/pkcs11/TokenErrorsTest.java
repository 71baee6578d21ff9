package io.keyrotate.kms.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.ProviderException;
import javax.security.auth.login.FailedLoginException;
import org.junit.jupiter.api.Test;

/** Reading PKCS#11 return values out of SunPKCS11 exceptions (their messages are the code names). */
class TokenErrorsTest {
  private static Throwable chain(String code) {
    // The shape SunPKCS11 produces: IOException("load failed") <- FailedLoginException <- PKCS11Exception
    Exception p11 = new Exception(code);
    FailedLoginException login = new FailedLoginException();
    login.initCause(p11);
    return new IOException("load failed", login);
  }

  @Test
  void kind_pinErrors_areLoginRefused() {
    for (String c : new String[] {"CKR_PIN_INCORRECT", "CKR_PIN_LOCKED", "CKR_PIN_EXPIRED"}) {
      assertEquals(TokenErrors.Kind.LOGIN_REFUSED, TokenErrors.kind(chain(c)), c);
    }
  }

  @Test
  void kind_sessionLoginHandleAndDeviceErrors_areTransient() {
    for (String c :
        new String[] {
          "CKR_SESSION_CLOSED", "CKR_SESSION_HANDLE_INVALID", "CKR_USER_NOT_LOGGED_IN",
          "CKR_OBJECT_HANDLE_INVALID", "CKR_KEY_HANDLE_INVALID", "CKR_DEVICE_REMOVED",
          "CKR_TOKEN_NOT_PRESENT", "CKR_DEVICE_ERROR", "CKR_GENERAL_ERROR"
        }) {
      assertEquals(TokenErrors.Kind.TRANSIENT, TokenErrors.kind(chain(c)), c);
      assertEquals(
          TokenErrors.Kind.TRANSIENT,
          TokenErrors.kind(new InvalidKeyException("Could not initialize cipher", new Exception(c))), c);
    }
  }

  @Test
  void kind_configurationErrorsAndUnknownFailures_arePermanent() {
    assertEquals(TokenErrors.Kind.PERMANENT, TokenErrors.kind(chain("CKR_SLOT_ID_INVALID")));
    assertEquals(TokenErrors.Kind.PERMANENT, TokenErrors.kind(chain("CKR_MECHANISM_INVALID")));
    assertEquals(TokenErrors.Kind.PERMANENT, TokenErrors.kind(chain("CKR_KEY_FUNCTION_NOT_PERMITTED")));
    assertEquals(TokenErrors.Kind.PERMANENT, TokenErrors.kind(new ProviderException("Library x does not exist")));
  }

  @Test
  void code_findsTheFirstCodeInTheChainOrNothing() {
    assertEquals(
        "CKR_DEVICE_ERROR",
        TokenErrors.code(new ProviderException("doFinal() failed", new Exception("sun...PKCS11Exception: CKR_DEVICE_ERROR"))));
    assertNull(TokenErrors.code(new IOException("no code here", new IOException())));
    assertEquals(" (CKR_PIN_LOCKED)", TokenErrors.suffix(chain("CKR_PIN_LOCKED")));
    assertEquals("", TokenErrors.suffix(new IOException()));
  }
}
