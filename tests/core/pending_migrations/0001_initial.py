# A migration that is never applied: lets a test see /gezond/ report pending migrations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = []
    operations = []
