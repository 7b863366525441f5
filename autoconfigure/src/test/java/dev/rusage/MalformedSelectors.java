package dev.rusage;

import java.util.List;
import java.util.stream.Stream;

/**
 * A corpus of {@code who} selectors, each as it appears in a URL path and as the text it
 * decodes to. All are malformed except the case variants of the valid names.
 */
public final class MalformedSelectors {

	private static final String LONG = "a".repeat(1_000);

	private static final String VERY_LONG = "self".repeat(2_500);

	private static final List<Selector> MALFORMED = List.of(new Selector("unknown", "unknown"),
			new Selector("selff", "selff"), new Selector("sel", "sel"), new Selector("me", "me"),
			new Selector("null", "null"), new Selector("0", "0"), new Selector("-1", "-1"), new Selector("1", "1"),
			new Selector("-2", "-2"), new Selector("2147483648", "2147483648"),
			new Selector("99999999999999999999999", "99999999999999999999999"), new Selector("1e3", "1e3"),
			new Selector("0x0", "0x0"), new Selector("RUSAGE_SELF", "RUSAGE_SELF"),
			new Selector("self.json", "self.json"), new Selector("self,children", "self,children"),
			new Selector("%20", " "), new Selector("%20self", " self"), new Selector("self%20", "self "),
			new Selector("%09self", "\tself"), new Selector("self%00", "self\0"), new Selector("%00", "\0"),
			new Selector("self%0A", "self\n"), new Selector("%0D%0ASet-Cookie:%20x=1", "\r\nSet-Cookie: x=1"),
			new Selector("s%C3%A9lf", "s\u00e9lf"), new Selector("%C5%BFelf", "\u017felf"),
			new Selector("%E2%80%AEfles", "\u202efles"), new Selector("%F0%9F%92%A9", "\ud83d\udca9"),
			new Selector("%FF%FE", "\ufffd\ufffd"), new Selector("%25", "%"), new Selector("%3F", "?"),
			new Selector("%3Cscript%3Ealert(1)%3C%2Fscript%3E", "<script>alert(1)</script>"), new Selector("%2F", "/"),
			new Selector("self%2Fchildren", "self/children"),
			new Selector("..%2F..%2Fetc%2Fpasswd", "../../etc/passwd"),
			new Selector("%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "../../etc/passwd"), new Selector("%2E%2E", ".."),
			new Selector("%5C", "\\"), new Selector("..%5C..%5Cwindows", "..\\..\\windows"),
			new Selector("%24%7Bjndi:ldap://x%7D", "${jndi:ldap://x}"), new Selector(LONG, LONG),
			new Selector(VERY_LONG, VERY_LONG));

	private static final List<Selector> VALID_CASE_VARIANTS = List.of(new Selector("SELF", "SELF"),
			new Selector("Self", "Self"), new Selector("sElF", "sElF"), new Selector("CHILDREN", "CHILDREN"),
			new Selector("Children", "Children"), new Selector("THREAD", "THREAD"), new Selector("tHrEaD", "tHrEaD"),
			new Selector("BOTH", "BOTH"), new Selector("Both", "Both"));

	private MalformedSelectors() {
	}

	/**
	 * Returns the malformed selectors.
	 * @return the malformed selectors
	 */
	public static List<Selector> malformed() {
		return MALFORMED;
	}

	/**
	 * Returns case variants of the valid names, which must be accepted.
	 * @return the valid case variants
	 */
	public static List<Selector> validCaseVariants() {
		return VALID_CASE_VARIANTS;
	}

	/**
	 * Returns the raw {@code RUSAGE_*} values that are not valid: the edges of the int
	 * range and the neighbours of the valid values.
	 * @return the invalid native values
	 */
	public static Stream<Integer> invalidNativeValues() {
		return Stream.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -65536, -256, -4, -3, 2, 3, 4, 16, 255, 65536,
				Integer.MAX_VALUE - 1, Integer.MAX_VALUE);
	}

	/**
	 * A selector as written in a URL path and as decoded text.
	 *
	 * @param encoded the percent-encoded path segment
	 * @param decoded the text it stands for
	 */
	public record Selector(String encoded, String decoded) {

		@Override
		public String toString() {
			return (this.encoded.length() > 40) ? this.encoded.substring(0, 40) + "...(" + this.encoded.length() + ")"
					: this.encoded;
		}

	}

}
