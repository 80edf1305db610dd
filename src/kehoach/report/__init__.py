"""The progress report a plan's issuer sends upward (`kehoach bao-cao`, and the site's download):
`model` says what is in it, from the domain; `docx_writer` writes it as a Word document; `command`
is the command line."""
