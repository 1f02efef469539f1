"""Demo data built from the five announcements in the project's seeds: `manage.py load_demo` loads it.

One module per announcement (kielce, warsaw_districts, cso_conference, komm, krakow) holds its facts as specs;
directory holds the organizations, topics and series they share; loader writes them to the database.
"""
