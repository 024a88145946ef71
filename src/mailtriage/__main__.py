from mailtriage.cli import app

app()
