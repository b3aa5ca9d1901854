"""Linkage: recognise the same person across partners and regions without revealing who it is.

This package is the database-free core: normalisation (``normalise``), the key
(``keys``), hardened keyed Bloom-filter encodings (``encoding``), compiled
comparison kernels (``kernel``), blocking (``blocking``), unsupervised
Fellegi-Sunter scoring (``scoring``), the incremental index (``matcher``), keyed
phone tokens (``phone_tokens``) and the attack the benchmark runs (``attack``).
It must not import Django.

Threat model
============

Parties
-------
* **Participating organisations** hold the linkage key and the plaintext
  identifiers of their own clients. Each encodes locally (``encode_person``,
  ``phone_token``) and sends only encodings to the platform.
* **The platform** (Samen's database, its operators, anyone who obtains a copy
  of the database or a backup) stores encodings, their organisation, schema
  version, key version and key fingerprint, and compares them. It never
  receives or stores the key: the key reaches a process only through
  ``SAMEN_LINKAGE_KEY`` / ``SAMEN_LINKAGE_KEY_FILE`` (``keys.load_linkage_key``).
  Where the platform process itself encodes on an organisation's behalf, it
  needs the key in memory for that moment; that deployment choice widens the
  group that must be trusted and must be decided explicitly.

What the platform learns
------------------------
* Which stored records are probably the same person (that is the purpose), with
  a match weight, and equality of phone numbers.
* The *number* of set bits per field (roughly the length of a name) and which
  fields are missing.
* Frequencies of identical encodings: identical inputs give identical Bloom
  filters. This is what frequency attacks exploit.
* From the blocking tokens (``encoding.blocking_tokens``, keyed 64-bit hashes
  under their own sub-key of the linkage key, stored with each encoding): which
  records share a combination of normalised values, up to one typo, of the
  schema's token views, and how many records share each combination. For
  ``PERSON_SCHEMA`` these are the date of birth alone, both names (unordered),
  a name with the date or the place of birth, and date with place. Equal dates,
  and equal names with equal dates, were already visible as equal unsalted date
  filters and equal salted name filters. New is that tokens of given and family
  name together, and of a name with the place of birth, carry no year-of-birth
  salt: the platform can count how often each full name (or name and place)
  occurs, across years of birth. The tokens themselves are stored sorted by
  value, so their order does not say which view they belong to, and each record
  has about 125 of them (most from deletion variants, which look as random as
  the others). Their number grows with the lengths of the values, which the
  numbers of set bits already show.

Attacks considered
------------------
* **Dictionary attack** (encode a list of candidate names and compare): needs
  the key. HMAC-SHA256 under a key of at least 256 bits; without the key this
  is infeasible. With the key it is easy, for phone numbers in particular
  (the space of numbers is small) — so the key must stay with the organisations.
* **Frequency alignment** of whole field filters with a public name-frequency
  table: mitigated by *salting* name n-grams with the year of birth (one name
  gives a different filter per birth year, flattening the frequency profile).
  The benchmark measures the share of first names re-identified, hardened and
  not hardened. Only one of the name's hash functions is salted, so a wrong or
  missing year costs a fifth of the name's bits instead of all of them; the price
  is that an attacker who can group records by birth year sees four fifths of the
  unsalted pattern.
* **Pattern mining of bit positions** (Christen et al. 2017; Niedermeyer et al.
  2014 for double hashing): mitigated by *random hashing* (independent positions
  per n-gram instead of double hashing, whose arithmetic structure those attacks
  use) and by *XOR-folding*, after which a set bit no longer implies a fixed set
  of n-grams. Not measured by the benchmark (only frequency alignment is
  implemented); residual risk remains for very frequent n-grams in large data.
* **Frequency alignment of blocking tokens**: an attacker with a public table of
  full-name frequencies (or of first names with places of birth) could align
  the most frequent name tokens with the most frequent full names. Full names
  are far more evenly spread than first names, so only the few most common
  (such as "Jan de Vries") stand out, and a token says only that records share
  that name, not which record is whose. Measured by the benchmark as an upper
  bound (the attacker is told which of a record's tokens is its exact full-name
  or name-and-place token): on FEBRL4, 0.3% of records re-identified by full
  name and 0.0% by name and place, against 12% of first names from unsalted
  first-name filters. A token cannot be reversed without the key, like the
  Bloom filters.
* **Linking across deployments**: keyed encodings made under different keys are
  unrelated, so two platforms with different keys cannot join their data.
* **Not mitigated**: an attacker holding the key; an organisation that queries
  the index with made-up identities to probe whether a person is known
  (rate-limit and audit queries in the application); the sizes of fields;
  membership inference from the number of possible links shown.

Versions and key rotation
-------------------------
* ``EncodingSchema.version`` changes with every change that alters bits;
  encodings of different versions are never compared (``EncodingError``).
* ``LinkageKey.version`` and ``LinkageKey.fingerprint()`` travel in every
  encoding's header. Rotating the key (after a suspected leak, or routinely)
  means: choose a new secret and version, distribute it to the organisations,
  have them re-encode their own records (only they hold the plaintext), and
  drop the old encodings once re-encoded. During the change, the platform keeps
  one index per key fingerprint; encodings of different keys never match.
* Match models (m/u weights and threshold, ``scoring.MatchModel``) belong to a
  schema version, hold no personal data and may be stored in the database.
"""
