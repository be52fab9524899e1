"""Built-in place names: countries (with aliases and demonyms), capitals and major cities.

A modest, hand-kept list so that place recognition works on a fresh site with no
gazetteer; editors extend it with ``entities: places:`` in ``site.yaml``. Kept as Python
text (not a data file) so it ships inside any wheel without packaging rules.

Format of ``COUNTRIES``: one country a line, ``Name|alias, alias|demonym, demonym``.
"""

from __future__ import annotations

COUNTRIES = """\
Afghanistan||Afghan
Albania||Albanian
Algeria||Algerian
Angola||Angolan
Argentina||Argentine, Argentinian
Armenia||Armenian
Australia||Australian
Austria||Austrian
Azerbaijan||Azerbaijani
Bahrain||Bahraini
Bangladesh||Bangladeshi
Belarus||Belarusian
Belgium||Belgian
Bolivia||Bolivian
Bosnia and Herzegovina|Bosnia|Bosnian
Botswana||
Brazil||Brazilian
Bulgaria||Bulgarian
Burkina Faso||
Cambodia||Cambodian
Cameroon||Cameroonian
Canada||Canadian
Chad||Chadian
Chile||Chilean
China|People's Republic of China, PRC, Mainland China|Chinese
Colombia||Colombian
Congo|Democratic Republic of Congo, DRC|Congolese
Costa Rica||Costa Rican
Croatia||Croatian
Cuba||Cuban
Cyprus||Cypriot
Czech Republic|Czechia|Czech
Denmark||Danish
Ecuador||Ecuadorian
Egypt||Egyptian
El Salvador||Salvadoran
Estonia||Estonian
Ethiopia||Ethiopian
Finland||Finnish
France||French
Georgia||Georgian
Germany||German
Ghana||Ghanaian
Greece||Greek
Guatemala||Guatemalan
Haiti||Haitian
Honduras||Honduran
Hungary||Hungarian
Iceland||Icelandic
India||Indian
Indonesia||Indonesian
Iran||Iranian
Iraq||Iraqi
Ireland||Irish
Israel||Israeli
Italy||Italian
Ivory Coast|Côte d'Ivoire|Ivorian
Jamaica||Jamaican
Japan||Japanese
Jordan||Jordanian
Kazakhstan||Kazakh
Kenya||Kenyan
Kosovo||Kosovar
Kuwait||Kuwaiti
Kyrgyzstan||Kyrgyz
Laos||Lao, Laotian
Latvia||Latvian
Lebanon||Lebanese
Libya||Libyan
Lithuania||Lithuanian
Luxembourg||
Madagascar||Malagasy
Malaysia||Malaysian
Mali||Malian
Malta||Maltese
Mexico||Mexican
Moldova||Moldovan
Mongolia||Mongolian
Montenegro||Montenegrin
Morocco||Moroccan
Mozambique||Mozambican
Myanmar|Burma|Burmese
Namibia||Namibian
Nepal||Nepalese, Nepali
Netherlands|Holland|Dutch
New Zealand||
Nicaragua||Nicaraguan
Niger||Nigerien
Nigeria||Nigerian
North Korea|DPRK|North Korean
North Macedonia|Macedonia|Macedonian
Norway||Norwegian
Oman||Omani
Pakistan||Pakistani
Palestine|Palestinian Territories|Palestinian
Panama||Panamanian
Papua New Guinea||
Paraguay||Paraguayan
Peru||Peruvian
Philippines|the Philippines|Filipino, Philippine
Poland||Polish
Portugal||Portuguese
Qatar||Qatari
Romania||Romanian
Russia|Russian Federation|Russian
Rwanda||Rwandan
Saudi Arabia||Saudi
Senegal||Senegalese
Serbia||Serbian
Singapore||Singaporean
Slovakia||Slovak
Slovenia||Slovenian
Somalia||Somali
South Africa||South African
South Korea|Republic of Korea, ROK|South Korean
South Sudan||South Sudanese
Spain||Spanish
Sri Lanka||Sri Lankan
Sudan||Sudanese
Sweden||Swedish
Switzerland||Swiss
Syria||Syrian
Taiwan|Republic of China|Taiwanese
Tajikistan||Tajik
Tanzania||Tanzanian
Thailand||Thai
Tunisia||Tunisian
Turkey|Türkiye|Turkish
Turkmenistan||Turkmen
Uganda||Ugandan
Ukraine||Ukrainian
United Arab Emirates|UAE|Emirati
United Kingdom|UK, U.K., Britain, Great Britain|British
United States|US, U.S., USA, U.S.A., America, United States of America|American
Uruguay||Uruguayan
Uzbekistan||Uzbek
Venezuela||Venezuelan
Vietnam|Viet Nam|Vietnamese
Yemen||Yemeni
Zambia||Zambian
Zimbabwe||Zimbabwean
"""

# Capitals and major cities; regions and seas that news about geopolitics names often.
CITIES = """\
Abu Dhabi, Accra, Addis Ababa, Amman, Amsterdam, Ankara, Athens, Auckland, Baghdad, Baku, Bangkok,
Barcelona, Beijing, Beirut, Belgrade, Berlin, Bern, Bogotá, Boston, Brasília, Bratislava, Brussels,
Bucharest, Budapest, Buenos Aires, Busan, Cairo, Canberra, Cape Town, Caracas, Casablanca, Chicago,
Copenhagen, Dakar, Damascus, Delhi, New Delhi, Dhaka, Doha, Dubai, Dublin, Edinburgh, Frankfurt,
Geneva, Guangzhou, Hanoi, Havana, Helsinki, Hiroshima, Ho Chi Minh City, Hong Kong, Honolulu, Houston,
Islamabad, Istanbul, Jakarta, Jerusalem, Johannesburg, Kabul, Karachi, Kathmandu, Khartoum, Kyiv, Kiev,
Kinshasa, Kuala Lumpur, Kyoto, Lagos, Lahore, Lima, Lisbon, Ljubljana, London, Los Angeles, Luanda,
Madrid, Manila, Marseille, Melbourne, Mexico City, Miami, Milan, Minsk, Montreal, Moscow, Mumbai,
Munich, Nagasaki, Nairobi, Naples, Nagoya, Osaka, Oslo, Ottawa, Paris, Phnom Penh, Prague, Pyongyang,
Quito, Rabat, Riga, Rio de Janeiro, Riyadh, Rome, San Francisco, Santiago, São Paulo, Sapporo, Seattle,
Seoul, Shanghai, Shenzhen, Singapore, Sofia, Stockholm, Sydney, Taipei, Tallinn, Tashkent, Tbilisi,
Tehran, Tel Aviv, Tokyo, Toronto, Tripoli, Tunis, Ulaanbaatar, Vancouver, Vienna, Vilnius, Warsaw,
Washington, Wellington, Yangon, Yokohama, Zagreb, Zurich,
Alabama, Alaska, Arizona, Arkansas, California, Colorado, Connecticut, Delaware, Florida, Hawaii, Idaho,
Illinois, Indiana, Iowa, Kansas, Kentucky, Louisiana, Maine, Maryland, Massachusetts, Michigan, Minnesota,
Mississippi, Missouri, Montana, Nebraska, Nevada, New Hampshire, New Jersey, New Mexico, New York,
North Carolina, North Dakota, Ohio, Oklahoma, Oregon, Pennsylvania, Rhode Island, South Carolina,
South Dakota, Tennessee, Utah, Vermont, Virginia, West Virginia, Wisconsin, Wyoming,
Ontario, Quebec, British Columbia, Alberta, Queensland, Victoria, Bavaria, Catalonia, Scotland, Wales,
England, Northern Ireland, Siberia, Kurdistan, Punjab, Bengal, Kerala,
Okinawa, Guam, Texas, Crimea, Gaza, West Bank, Donbas, Kashmir,
Tibet, Xinjiang, Hokkaido, Kyushu, Mindanao, Luzon, Sakhalin,
Asia, Europe, Africa, Antarctica, Arctic, Latin America, North America, South America, Middle East,
East Asia, Southeast Asia, South Asia, Central Asia, Asia-Pacific, Indo-Pacific, Pacific, Atlantic,
Balkans, Baltic, Caribbean, Caucasus, Sahel, Scandinavia,
East China Sea, South China Sea, Sea of Japan, Yellow Sea, Black Sea, Baltic Sea, Red Sea,
Mediterranean, Persian Gulf, Gulf of Aden, Taiwan Strait, Strait of Hormuz, Korean Peninsula,
Senkaku Islands, Spratly Islands, Paracel Islands
"""

# Words that end a multi-word place name ("Yellow Sea", "Kuril Islands").
GEO_SUFFIXES = frozenset({
    "sea", "ocean", "gulf", "bay", "strait", "straits", "island", "islands", "peninsula", "river", "lake",
    "mountains", "mountain", "valley", "desert", "coast", "province", "prefecture", "county", "region",
    "district", "canal", "channel", "reef", "plateau", "basin",
})


def countries() -> list[tuple[str, list[str], list[str]]]:
    """(name, aliases, demonyms) for every built-in country."""
    out = []
    for line in COUNTRIES.splitlines():
        name, aliases, demonyms = [*line.split("|"), "", ""][:3]
        out.append((name, [a.strip() for a in aliases.split(",") if a.strip()],
                    [d.strip() for d in demonyms.split(",") if d.strip()]))
    return out


def cities() -> list[str]:
    return [c.strip() for c in CITIES.replace("\n", " ").split(",") if c.strip()]
