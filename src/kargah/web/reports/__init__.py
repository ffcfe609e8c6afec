"""The study report on the site: gathered from the database (each part's own computing
functions and chart specs), built as a background job, downloaded as PDF, HTML or XLSX."""
