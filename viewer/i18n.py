"""All UI strings in one catalogue, German first, and number formatting per language."""

from __future__ import annotations

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "t", "pick", "format_number", "js_catalogue", "unit_label"]

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

CATALOGUE: dict[str, dict[str, str]] = {
    "app_title": {"de": "Digitaler Zwilling", "en": "Digital twin"},
    "synthetic": {"de": "synthetische Beispielstadt", "en": "synthetic sample city"},
    "layers": {"de": "Ebenen", "en": "Layers"},
    "legend": {"de": "Legende", "en": "Legend"},
    "home": {"de": "Startansicht", "en": "Home view"},
    "info": {"de": "Auswahl", "en": "Selection"},
    "info_hint": {"de": "Tippen Sie auf ein Gebäude oder eine Straße.", "en": "Tap a building or a road."},
    "scenarios": {"de": "Szenarien", "en": "Scenarios"},
    "metrics": {"de": "Kennzahlen", "en": "Key figures"},
    "no_scenarios": {"de": "Noch keine Szenarien berechnet.", "en": "No scenarios computed yet."},
    "unknown_feature": {"de": "Zu diesem Objekt sind keine Angaben gespeichert.",
                        "en": "No attributes are stored for this feature."},
    "point_title": {"de": "An diesem Punkt", "en": "At this point"},
    "point_none": {"de": "Hier zeigt keine eingeblendete Karte einen Wert.", "en": "No map shown has a value here."},
    "point_not_shown": {"de": "– (hier keine Farbe: siehe Legende)", "en": "– (no colour here: see the legend)"},
    "language": {"de": "English", "en": "Deutsch"},
    "map_label": {"de": "3D-Karte der Stadt", "en": "3D map of the city"},
    "yes": {"de": "ja", "en": "yes"},
    "no": {"de": "nein", "en": "no"},
    "use_residential": {"de": "Wohnen", "en": "residential"},
    "use_commercial": {"de": "Gewerbe & Handel", "en": "commercial"},
    "use_industrial": {"de": "Industrie", "en": "industrial"},
    "use_public": {"de": "öffentlich", "en": "public"},
    "use_mixed": {"de": "Wohnen & Gewerbe", "en": "mixed use"},
    "use_ancillary": {"de": "Nebengebäude (Garage, Schuppen, Überdachung)", "en": "ancillary (garage, shed, roof)"},
    # --- flood player (assets/10-flood.js) ---
    "flood_play": {"de": "Abspielen", "en": "Play"},
    "flood_pause": {"de": "Anhalten", "en": "Pause"},
    "flood_time": {"de": "Zeit", "en": "Time"},
    "flood_max": {"de": "Maximum", "en": "Maximum"},
    "flood_min": {"de": "min", "en": "min"},
    "flood_player": {"de": "Zeitverlauf Starkregen", "en": "Heavy-rain time course"},
    "flood_when_at": {"de": "Stand", "en": "State at"},
    "flood_when_after": {"de": "min nach Regenbeginn", "en": "min after the rain began"},
    "flood_when_max": {"de": "Maxima des Ereignisses", "en": "Maxima of the event"},
    "traffic_time": {"de": "Verkehr nach Uhrzeit", "en": "Traffic by time of day"},
    "traffic_hour": {"de": "Uhrzeit", "en": "Time of day"},
    # --- the clock bar and the light (assets/14-clock-bar.js, 15-light.js) ---
    "traffic_clock": {"de": "Uhr der Karte", "en": "Map clock"},
    "traffic_clock_play": {"de": "Uhr starten", "en": "Start clock"},
    "traffic_clock_pause": {"de": "Uhr anhalten", "en": "Pause clock"},
    "traffic_clock_speed": {"de": "Tempo", "en": "Speed"},
    "traffic_clock_loop": {"de": "Tag wiederholen", "en": "Loop the day"},
    "traffic_clock_light": {"de": "Tageslicht", "en": "Daylight"},
    # --- compare, URL state, export (assets/2x-compare*.js, 3x-*.js, 40-url.js) ---
    "compare_modes": {"de": "Ansicht", "en": "View"},
    "compare_mode_map": {"de": "Karte", "en": "Map"},
    "compare_mode_compare": {"de": "Vergleich", "en": "Side by side"},
    "compare_mode_swipe": {"de": "Wischen", "en": "Swipe"},
    "compare_mode_present": {"de": "Präsentation", "en": "Presentation"},
    "compare_side": {"de": "Ebenen wählen für", "en": "Choose layers for"},
    "compare_left": {"de": "Links (A)", "en": "Left (A)"},
    "compare_right": {"de": "Rechts (B)", "en": "Right (B)"},
    "compare_left_map": {"de": "Linke Karte (A)", "en": "Left map (A)"},
    "compare_right_map": {"de": "Rechte Karte (B)", "en": "Right map (B)"},
    "compare_metrics": {"de": "A und B im Vergleich", "en": "A and B compared"},
    "compare_metrics_hint": {"de": "Blenden Sie links oder rechts ein Szenario ein.",
                             "en": "Show a scenario on the left or the right."},
    "compare_difference": {"de": "B − A", "en": "B − A"},
    "compare_baseline": {"de": "Ausgangslage", "en": "Baseline"},
    "compare_no_scenario": {"de": "ohne Szenario", "en": "no scenario"},
    "compare_opacity": {"de": "Deckkraft", "en": "Opacity"},
    "compare_opacity_of": {"de": "Deckkraft: {}", "en": "Opacity: {}"},
    "compare_export": {"de": "Bild (PNG)", "en": "Image (PNG)"},
    "compare_export_label": {"de": "Aktuelle Ansicht als PNG-Bild speichern",
                             "en": "Save the current view as a PNG image"},
    "compare_download": {"de": "Daten (CSV)", "en": "Data (CSV)"},
    "compare_download_label": {"de": "Daten der sichtbaren Szenario-Ebene herunterladen: {}",
                               "en": "Download the data of the visible scenario layer: {}"},
    "compare_divider": {"de": "Trennlinie zwischen A und B (Pfeiltasten verschieben)",
                        "en": "Divider between A and B (arrow keys move it)"},
    "compare_notice": {"de": "Ungültige Angaben in der Adresse wurden ignoriert: {}",
                       "en": "Invalid values in the address were ignored: {}"},
    "compare_base_map": {"de": "Basiskarte", "en": "Base map"},
    "compare_map_area": {"de": "Karte", "en": "Map"},
    # --- story and kiosk (assets/50-story.js, 51-story-panel.js, 60-kiosk.js) ---
    "story_panel": {"de": "Präsentation", "en": "Presentation"},
    "story_prev": {"de": "Zurück", "en": "Back"},
    "story_next": {"de": "Weiter", "en": "Next"},
    "story_counter": {"de": "Folie", "en": "Slide"},
    "story_of": {"de": "von", "en": "of"},
    "story_fullscreen": {"de": "Vollbild", "en": "Full screen"},
    "story_fullscreen_exit": {"de": "Vollbild beenden", "en": "Exit full screen"},
    "story_keys": {"de": "Weiter: → Bild↓ Leertaste · Zurück: ← Bild↑ · Vollbild: F",
                   "en": "Next: → PgDn Space · Back: ← PgUp · Full screen: F"},
    "story_missing": {"de": "Für diese Stadt gibt es keine Präsentation (story.json).",
                      "en": "This city has no presentation (story.json)."},
    "kiosk_questions": {"de": "Fragen an die Stadt", "en": "Questions for the city"},
    "kiosk_touch": {"de": "Berühren Sie den Bildschirm, um selbst zu erkunden",
                    "en": "Touch the screen to explore yourself"},
    "kiosk_restart": {"de": "Von vorn", "en": "Start again"},
    # --- exports, provenance, methods, print (viewer/methods.py, assets/33-print.js) ---
    "exports": {"de": "Dateien für GIS", "en": "Files for GIS"},
    "exports_sidecar": {"de": "Metadaten", "en": "metadata"},
    "methods": {"de": "Methodik und Datenquellen", "en": "Methods and data sources"},
    "methods_inputs": {"de": "Eingangsdaten", "en": "Input data"},
    "methods_input": {"de": "Eingabe", "en": "Input"},
    "methods_file": {"de": "Datei", "en": "File"},
    "methods_source": {"de": "Quelle", "en": "Source"},
    "methods_licence": {"de": "Lizenz", "en": "Licence"},
    "methods_unknown": {"de": "nicht angegeben", "en": "not given"},
    "methods_models": {"de": "Modelle", "en": "Models"},
    "methods_flood": {
        "de": "Starkregen: Ein zweidimensionales Abflussmodell (lokal-inertiale Flachwassergleichungen nach "
              "Bates et al. 2010 und de Almeida et al. 2012) lässt den Bemessungsregen über das Geländemodell "
              "abfließen; Gebäude sind Hindernisse, unversiegelte Flächen versickern. Geprüft wird es gegen "
              "analytische Lösungen (ruhender See, kinematische Welle auf der schiefen Ebene, gefülltes "
              "Becken), das V-Einzugsgebiet der Literatur und die geschlossene Wasserbilanz.",
        "en": "Heavy rain: a two-dimensional runoff model (local-inertial shallow-water equations after Bates "
              "et al. 2010 and de Almeida et al. 2012) routes the design storm over the terrain model; buildings "
              "are obstacles, unsealed ground infiltrates. It is checked against analytic solutions (lake at "
              "rest, kinematic wave on a plane, filled basin), the tilted V-catchment benchmark and a closed "
              "water balance."},
    "methods_flood_hazard": {
        "de": "Fließgeschwindigkeit und Gefahr zeigen die Maxima des Ereignisses (das Modell speichert je Zelle "
              "ein Maximum der Geschwindigkeit, daher ohne Zeitverlauf): Geschwindigkeitsklassen der "
              "Starkregengefahrenkarten nach dem LUBW-Leitfaden 2016 (0,2 / 0,5 / 2 m/s); die Gefahr als "
              "Gefahrenwert HR = d·(v+0,5)+DF aus Tiefe d und Geschwindigkeit v nach Defra/Environment Agency "
              "FD2320 (2006) mit dem Treibgutfaktor für Siedlungen, Klassen 0,75 / 1,25 / 2,0. Die Änderung der "
              "maximalen Wassertiefe durch eine Maßnahme zählt ab 1 cm.",
        "en": "Flow velocity and hazard show the event's maxima (the model keeps one maximum of velocity per "
              "cell, so there is no time course): velocity classes of the heavy-rain hazard maps after the LUBW "
              "guideline 2016 (0.2 / 0.5 / 2 m/s); hazard as the rating HR = d·(v+0.5)+DF from depth d and "
              "velocity v after Defra/Environment Agency FD2320 (2006) with the urban debris factor, classes "
              "0.75 / 1.25 / 2.0. A measure's change of maximum depth counts from 1 cm."},
    "methods_flood_measures": {
        "de": "Maßnahmen gegen Starkregen (nach DWA-M 119 und den Starkregenleitfäden der Länder) ändern das "
              "Modellgitter und werden mit demselben Regen neu gerechnet: Rückhalteflächen als abgesenkte Fläche "
              "mit ihrem Speichervolumen, Notwasserwege als abgesenktes Straßenprofil bis zum Gewässer oder zur "
              "Rückhaltefläche, Mulden-Rigolen als Versickerung bis zu ihrer Speicherkapazität, Entsiegelung und "
              "Gründächer. Objektschutz bewegt kein Wasser: ein Gebäude zählt dann erst oberhalb der Schutzhöhe "
              "als betroffen. Betroffen ist ein Gebäude ab {depth_cm} cm Wasser an seinen Außenwänden (Lesart der "
              "Starkregengefahrenkarten nach dem LUBW-Leitfaden 2016). Die Wirkung wird zusätzlich dort "
              "gezählt, wo die Maßnahme wirkt: im Gebiet, das durch sie oder in sie entwässert (Fließrichtungen "
              "aus dem Geländemodell, D8).",
        "en": "Heavy-rain measures (after DWA-M 119 and the German states' heavy-rain guidelines) change the "
              "model grid and are run again with the same rain: retention areas as a lowered area with their "
              "storage volume, emergency flow paths as a lowered street profile to the river or a retention area, "
              "swales as infiltration up to their storage capacity, unsealing and green roofs. Object protection "
              "moves no water: a building then counts as affected only above the barrier's height. A building is "
              "affected from {depth_cm} cm of water at its walls (the reading of the heavy-rain hazard maps under the "
              "LUBW guideline 2016). The effect is also counted where the measure acts: in the area that drains "
              "through or into it (flow directions from the terrain model, D8)."},
    "methods_traffic": {
        "de": "Verkehr: Die Autofahrten der Spitzenstunde zwischen den Gebieten werden aus Einwohnern und "
              "Arbeitsplätzen geschätzt und im statischen Nutzergleichgewicht (Wardrop) auf das Straßennetz "
              "umgelegt (AequilibraE, relative Lücke 10⁻⁶). Geprüft wird die Umlegung am Sioux-Falls-Netz "
              "gegen das veröffentlichte beste bekannte Gleichgewicht (TNTP).",
        "en": "Traffic: peak-hour car trips between areas are estimated from residents and jobs and assigned "
              "to the road network in static user equilibrium (Wardrop; AequilibraE, relative gap 10⁻⁶). The "
              "assignment is checked on the Sioux Falls network against the published best-known "
              "equilibrium (TNTP)."},
    "methods_noise": {
        "de": "Lärm an der Wohnung (nach RLS-19, orientierend): Emission jeder Straße nach RLS-19 aus der "
              "Verkehrsstärke jeder Zeitscheibe und der zulässigen Geschwindigkeit (nur Pkw); Ausbreitung im "
              "freien Schallfeld (Abstandsmaß entlang der Straße integriert, Luftabsorption s/200) bis 400 m zu "
              "jeder Fassade der Wohngebäude in 4 m Höhe, nur von Straßen vor der Fassade. Tag (6–22 Uhr) und "
              "Nacht (22–6 Uhr) als energetisches Mittel der Stunden; je Gebäude zählt die lauteste Fassade, "
              "alle Einwohner im 5-dB-Band ihres Pegels. Nicht enthalten: Abschirmung durch andere Gebäude, "
              "Reflexionen, Bodendämpfung, Lkw, Fahrbahnbelag und Knotenpunkte. Geprüft gegen die Formeln der "
              "RLS-19 für Punkt- und Linienquelle.",
        "en": "Noise at home (RLS-19-based, indicative): each road's emission after RLS-19 from the volume of "
              "every time slice and the speed limit (cars only); free-field propagation (divergence integrated "
              "along the road, air absorption s/200) up to 400 m to every façade of the residential buildings "
              "at 4 m height, only from roads in front of the façade. Day (6 am–10 pm) and night "
              "(10 pm–6 am) as energy averages of their hours; per building the loudest façade counts, all its "
              "residents in the 5 dB band of its level. Left out: screening by other buildings, reflections, "
              "ground attenuation, lorries, road surface and junctions. Checked against RLS-19's point- and "
              "line-source formulas."},
    "methods_limits": {"de": "Grenzen der Zahlen", "en": "Limits of the figures"},
    "methods_limits_text": {
        "de": "Alle Ergebnisse sind Modellrechnungen für gedachte Ereignisse, keine Vorhersage. Die "
              "Wassertiefen hängen von der Rasterweite und dem Geländemodell ab; Kanalnetz und Keller sind "
              "nur pauschal erfasst. Einwohner und Arbeitsplätze je Gebäude sind Schätzungen aus der "
              "Geschossfläche; Verkehrsmengen gelten für eine Spitzenstunde mit fester Nachfrage.",
        "en": "All results are model runs of assumed events, not forecasts. Water depths depend on the grid "
              "size and the terrain model; sewers and basements are only roughly represented. Residents and "
              "jobs per building are estimates from floor area; traffic volumes are for one peak hour with "
              "fixed demand."},
    "methods_privacy_off": {"de": "Einwohner und Arbeitsplätze je Gebäude werden in dieser Stadt nicht gezeigt "
                                  "und nicht zum Herunterladen angeboten.",
                            "en": "This city neither shows nor offers residents and jobs per building."},
    "methods_build": {"de": "Stand", "en": "Build"},
    "js_print": {"de": "Drucken (PDF)", "en": "Print (PDF)"},
    "js_print_label": {"de": "Druckansicht der aktuellen Ansicht (A4 oder A3 quer)",
                       "en": "Print view of the current view (A4 or A3 landscape)"},
    "js_print_size": {"de": "Papierformat", "en": "Paper size"},
    "js_print_date": {"de": "Gedruckt am", "en": "Printed on"},
    "js_print_build": {"de": "Stand der Daten (Build)", "en": "Data build"},
    "js_print_tilted": {"de": "Schräge 3D-Ansicht: kein einheitlicher Maßstab.",
                        "en": "Tilted 3D view: no single scale."},
    "js_print_north": {"de": "N", "en": "N"},
    "js_print_no_scenario": {"de": "Basiskarte ohne Szenario", "en": "Base map, no scenario"},
    "js_print_metrics": {"de": "Kennzahlen", "en": "Key figures"},
    "js_print_legend": {"de": "Legende", "en": "Legend"},
    # --- the operator exit's PIN pad (assets/61-operator.js) ---
    "kiosk_exit_title": {"de": "Kiosk beenden", "en": "Stop the kiosk"},
    "kiosk_exit_hint": {"de": "PIN des Standpersonals", "en": "Staff PIN"},
    "kiosk_exit_digits": {"de": "{} Ziffern eingegeben", "en": "{} digits entered"},
    "kiosk_exit_ok": {"de": "OK", "en": "OK"},
    "kiosk_exit_delete": {"de": "Letzte Ziffer löschen", "en": "Delete the last digit"},
    "kiosk_exit_cancel": {"de": "Abbrechen", "en": "Cancel"},
    "kiosk_exit_wrong": {"de": "Falsche PIN.", "en": "Wrong PIN."},
    "kiosk_exit_wait": {"de": "Zu viele Versuche. Bitte in {} min erneut.",
                        "en": "Too many attempts. Try again in {} min."},
    "kiosk_exit_stopping": {"de": "Der Kiosk wird beendet …", "en": "The kiosk is stopping …"},
    "kiosk_exit_failed": {"de": "Beenden nicht möglich: {}", "en": "Could not stop: {}"},
    # --- import (layers/importers, twin init) ---
}

# Strings the browser glue needs (assets/*.js read them via urbanTwin.t(key)).
JS_PREFIXES = ("flood_", "traffic_", "js_", "compare_", "story_", "kiosk_")


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The UI string ``key`` in ``lang`` (German if the language is unknown)."""
    entry = CATALOGUE[key]
    return entry.get(lang, entry[DEFAULT_LANGUAGE])


def pick(labels: dict[str, str], lang: str = DEFAULT_LANGUAGE) -> str:
    """Choose a manifest label ({"de": ..., "en": ...}) in ``lang``."""
    return labels.get(lang) or labels.get(DEFAULT_LANGUAGE) or next(iter(labels.values()), "")


def js_catalogue(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The strings of the browser glue in ``lang`` (sent once with the page)."""
    return {key: t(key, lang) for key in CATALOGUE if key.startswith(JS_PREFIXES)}


# Units written by the models in German; English readers get their own abbreviations.
UNITS: dict[str, dict[str, str]] = {
    "Kfz/h": {"en": "veh/h"},
}


def unit_label(unit: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A model's unit string (German) in ``lang``: ``unit_label("Kfz/h", "en") == "veh/h"``."""
    if not unit:
        return ""
    return UNITS.get(unit, {}).get(lang, unit)


def format_number(value: float | int, lang: str = DEFAULT_LANGUAGE, *, decimals: int | None = None) -> str:
    """Format a number with the language's separators (German: 12.345,6; English: 12,345.6)."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
