/** Accept-Language → language name, as p0f prints it (spec B.7: lowercase two-letter codes only). */

const LANGUAGE_TABLE =
  'aa Afar|ab Abkhazian|ae Avestan|af Afrikaans|ak Akan|am Amharic|an Aragonese|ar Arabic|as Assamese|' +
  'av Avaric|ay Aymara|az Azerbaijani|ba Bashkir|be Belarusian|bg Bulgarian|bh Bihari|bi Bislama|bm Bambara|' +
  'bn Bengali|bo Tibetan|br Breton|bs Bosnian|ca Catalan|ce Chechen|ch Chamorro|co Corsican|cr Cree|cs Czech|' +
  'cu Church Slavic|cv Chuvash|cy Welsh|da Danish|de German|dv Dhivehi|dz Dzongkha|ee Ewe|el Modern Greek|' +
  'en English|eo Esperanto|es Spanish|et Estonian|eu Basque|fa Persian|ff Fulah|fi Finnish|fj Fijian|' +
  'fo Faroese|fr French|fy Western Frisian|ga Irish|gd Scottish Gaelic|gl Galician|gn Guarani|gu Gujarati|' +
  'gv Manx|ha Hausa|he Hebrew|hi Hindi|ho Hiri Motu|hr Croatian|ht Haitian|hu Hungarian|hy Armenian|hz Herero|' +
  'ia Interlingua|id Indonesian|ie Interlingue|ig Igbo|ii Sichuan Yi|ik Inupiaq|io Ido|is Icelandic|it Italian|' +
  'iu Inuktitut|ja Japanese|jv Javanese|ka Georgian|kg Kongo|ki Kikuyu|kj Kuanyama|kk Kazakh|kl Kalaallisut|' +
  'km Central Khmer|kn Kannada|ko Korean|kr Kanuri|ks Kashmiri|ku Kurdish|kv Komi|kw Cornish|ky Kirghiz|' +
  'la Latin|lb Luxembourgish|lg Ganda|li Limburgan|ln Lingala|lo Lao|lt Lithuanian|lu Luba-Katanga|lv Latvian|' +
  'mg Malagasy|mh Marshallese|mi Maori|mk Macedonian|ml Malayalam|mn Mongolian|mr Marathi|ms Malay|mt Maltese|' +
  'my Burmese|na Nauru|nb Norwegian Bokmal|nd North Ndebele|ne Nepali|ng Ndonga|nl Dutch|nn Norwegian Nynorsk|' +
  'no Norwegian|nr South Ndebele|nv Navajo|ny Nyanja|oc Occitan|oj Ojibwa|om Oromo|or Oriya|os Ossetian|' +
  'pa Panjabi|pi Pali|pl Polish|ps Pushto|pt Portuguese|qu Quechua|rm Romansh|rn Rundi|ro Romanian|ru Russian|' +
  'rw Kinyarwanda|sa Sanskrit|sc Sardinian|sd Sindhi|se Northern Sami|sg Sango|sh Serbo-Croatian|si Sinhala|' +
  'sk Slovak|sl Slovenian|sm Samoan|sn Shona|so Somali|sq Albanian|sr Serbian|ss Swati|st Southern Sotho|' +
  'su Sundanese|sv Swedish|sw Swahili|ta Tamil|te Telugu|tg Tajik|th Thai|ti Tigrinya|tk Turkmen|tl Tagalog|' +
  'tn Tswana|to Tonga|tr Turkish|ts Tsonga|tt Tatar|tw Twi|ty Tahitian|ug Uighur|uk Ukrainian|ur Urdu|uz Uzbek|' +
  've Venda|vi Vietnamese|vo Volapuk|wa Walloon|wo Wolof|xh Xhosa|yi Yiddish|yo Yoruba|za Zhuang|zh Chinese|zu Zulu';

export const HTTP_LANGUAGES: ReadonlyMap<string, string> = new Map(
  LANGUAGE_TABLE.split('|').map((entry) => [entry.slice(0, 2), entry.slice(3)] as const),
);

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * `none` when the value has no two-letter prefix (no header, `*`, `eng`, leading blank);
 * null (printed `???`) for a two-letter code that is not in the table; else the name.
 */
export type HttpLanguage = { readonly kind: 'none' } | { readonly kind: 'unknown' } | { readonly kind: 'known'; readonly name: string };

export function detectHttpLanguage(acceptLanguage: string | null): HttpLanguage {
  if (acceptLanguage === null || acceptLanguage.length < 2) return { kind: 'none' };
  if (!isAsciiLetter(acceptLanguage.charCodeAt(0)) || !isAsciiLetter(acceptLanguage.charCodeAt(1))) return { kind: 'none' };
  if (acceptLanguage.length > 2 && isAsciiLetter(acceptLanguage.charCodeAt(2))) return { kind: 'none' };
  const name = HTTP_LANGUAGES.get(acceptLanguage.slice(0, 2));
  return name === undefined ? { kind: 'unknown' } : { kind: 'known', name };
}
