import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_navigation_count_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuthorityReport',
            fields=[
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='authority_report', serialize=False, to='cases.case', verbose_name='case')),
                ('authority', models.CharField(blank=True, max_length=200, verbose_name='administration addressed')),
                ('forwarded_at', models.DateTimeField(blank=True, null=True, verbose_name='forwarded to the administration')),
            ],
            options={
                'verbose_name': 'report to the authorities',
                'verbose_name_plural': 'reports to the authorities',
            },
        ),
        migrations.CreateModel(
            name='Claim',
            fields=[
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='claim', serialize=False, to='cases.case', verbose_name='case')),
                ('remedy', models.CharField(choices=[('refund', 'Refund'), ('repair', 'Repair'), ('replacement', 'Replacement'), ('compensation', 'Compensation'), ('contract_termination', 'Contract termination'), ('debt_cancellation', 'Debt cancellation'), ('other', 'Other')], max_length=25, verbose_name='requested remedy')),
                ('amount_asked', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='amount asked (EUR)')),
                ('outcome', models.CharField(choices=[('pending', 'Pending'), ('granted', 'Granted'), ('partly_granted', 'Partly granted'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn by the customer')], default='pending', max_length=20, verbose_name='outcome')),
                ('amount_granted', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='amount granted (EUR)')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                ('referred_to', models.CharField(blank=True, help_text='A consumer authority, an arbitration board, a court…', max_length=200, verbose_name='taken by the customer to')),
                ('referred_at', models.DateTimeField(blank=True, null=True, verbose_name='taken there on')),
            ],
            options={
                'verbose_name': 'claim',
                'verbose_name_plural': 'claims',
            },
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('amount_asked__isnull', True), ('amount_asked__gte', 0), _connector='OR'), name='claim_amount_asked_positive'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('amount_granted__isnull', True), ('amount_granted__gte', 0), _connector='OR'), name='claim_amount_granted_positive'),
        ),
    ]
