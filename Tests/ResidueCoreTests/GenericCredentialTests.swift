import Foundation
import Testing
@testable import ResidueCore

/// Generic credentials as they appear in real repositories, one line (or a few) each, scanned with
/// every built-in rule as a file of the given name. Positives must be reported with the exact value;
/// negatives must not be reported by any rule.
@Suite struct GenericCredentialTests {
    struct Positive: CustomTestStringConvertible, Sendable {
        var file: String
        var text: String
        var secret: String
        var testDescription: String { "\(file): \(text.prefix(60))" }
    }

    struct Negative: CustomTestStringConvertible, Sendable {
        var file: String
        var text: String
        var why: String
        var testDescription: String { "\(why) — \(file): \(text.prefix(60))" }
    }

    static let positives: [Positive] = [
        // Assignments in code.
        .init(file: "settings.py", text: "DB_PASSWORD = \"hT9!vq2Lmz\"\n", secret: "hT9!vq2Lmz"),
        .init(file: "settings.py", text: "SECRET_KEY = 'k#3v@9z!q2r$x8w&m4p^t7n*c1b-e6f_h0j+l5s=u'\n", secret: "k#3v@9z!q2r$x8w&m4p^t7n*c1b-e6f_h0j+l5s=u"),
        .init(file: "client.py", text: "client = Client(api_key=\"Zr8fLq2VxN4mK7pT9wB3cY6d\")\n", secret: "Zr8fLq2VxN4mK7pT9wB3cY6d"),
        .init(file: "conn.py", text: "conn = psycopg2.connect(host=\"db\", user=\"app\", password=\"Qz7!rPl2Vx\")\n", secret: "Qz7!rPl2Vx"),
        .init(file: "app.js", text: "const apiKey = \"f3Kq9ZrX2vLm8NwT4pY7bC1d\";\n", secret: "f3Kq9ZrX2vLm8NwT4pY7bC1d"),
        .init(file: "app.js", text: "module.exports = { clientSecret: 'Lq8~Vz2.Nx4-Kp7_Tw9Rb3Yc6Dm1Fh5Gj' };\n", secret: "Lq8~Vz2.Nx4-Kp7_Tw9Rb3Yc6Dm1Fh5Gj"),
        .init(file: "config.ts", text: "export const authToken: string = \"p2Xq8LzR4vN7mK3tW9bY6cD1\";\n", secret: "p2Xq8LzR4vN7mK3tW9bY6cD1"),
        .init(file: "main.go", text: "const dbPassword = \"Mv3#kQ8zLp\"\n", secret: "Mv3#kQ8zLp"),
        .init(file: "main.go", text: "cfg := Config{APIKey: \"Wq4Rz8Lx2Vn7Kp3Tm9Yb6Cd1\", Region: \"eu-west-1\"}\n", secret: "Wq4Rz8Lx2Vn7Kp3Tm9Yb6Cd1"),
        .init(file: "Handler.java", text: "private static final String CLIENT_SECRET = \"Nz5Qv8Lr2Xk7Mp3Tw9By6Cd\";\n", secret: "Nz5Qv8Lr2Xk7Mp3Tw9By6Cd"),
        .init(file: "Program.cs", text: "var password = @\"Pq9$vL2xZr\";\n", secret: "Pq9$vL2xZr"),
        .init(file: "TeamLease.cs", text: "var password = \"!Y+!n6om4ia6yyw+oMZDfwU\";\n", secret: "!Y+!n6om4ia6yyw+oMZDfwU"),
        .init(file: "seed.ts", text: "const adminPassword = '#Kq8vZ2rLx!';\n", secret: "#Kq8vZ2rLx!"),
        .init(file: "config.rb", text: "config.api_key = 'Tq3Vz8Lr2Xn7Kp4Wm9Yb6Cd1'\n", secret: "Tq3Vz8Lr2Xn7Kp4Wm9Yb6Cd1"),
        .init(file: "wp-config.php", text: "define('DB_PASSWORD', 'Rw8!zQ2vLx');\n", secret: "Rw8!zQ2vLx"),
        .init(file: "config.php", text: "$settings['api_secret'] => 'Hv7Qz2Lr8Xn4Kp3Tm9Yb6Cd';\n", secret: "Hv7Qz2Lr8Xn4Kp3Tm9Yb6Cd"),
        .init(file: "Config.swift", text: "static let signingSecret = \"Jv4Qz8Lr2Xn7Kp3Tm9Wb6Cd1\"\n", secret: "Jv4Qz8Lr2Xn7Kp3Tm9Wb6Cd1"),
        .init(file: "Config.kt", text: "val accessToken = \"Gz8Qv2Lr7Xn4Kp3Tm9Wb6Cd1Yf5\"\n", secret: "Gz8Qv2Lr7Xn4Kp3Tm9Wb6Cd1Yf5"),
        // Configuration files.
        .init(file: ".env", text: "SMTP_PASSWORD=Xk8#vR2qLz\n", secret: "Xk8#vR2qLz"),
        .init(file: ".env", text: "export STRAPI_ADMIN_JWT_SECRET=\"q8Zr2LxV7nK4pT9wB3mY6cD1\"\n", secret: "q8Zr2LxV7nK4pT9wB3mY6cD1"),
        .init(file: ".env.production", text: "PAYMENT_API_KEY='c7Lq2Vz9Xr4Nk8Tp3Wm6Yb1D'\n", secret: "c7Lq2Vz9Xr4Nk8Tp3Wm6Yb1D"),
        .init(file: "application.properties", text: "spring.datasource.password=Vq8!zL2xRm\n", secret: "Vq8!zL2xRm"),
        .init(file: "application.properties", text: "server.ssl.key-store-password=Kz7Lq2Vx9Rn4\n", secret: "Kz7Lq2Vx9Rn4"),
        .init(file: "gradle.properties", text: "signing.password=Bq3!vZ8rLx\n", secret: "Bq3!vZ8rLx"),
        .init(file: "app.ini", text: "[database]\nhost = db.internal\npassword = Wz4Qv8Lr2X\n", secret: "Wz4Qv8Lr2X"),
        .init(file: "my.cnf", text: "[client]\nuser=backup\npassword=\"Tq8#zV2rLx\"\n", secret: "Tq8#zV2rLx"),
        .init(file: "config.toml", text: "[auth]\nclient_secret = \"Fq9Vz2Lr8Xn4Kp3Tm7Wb6Cd\"\n", secret: "Fq9Vz2Lr8Xn4Kp3Tm7Wb6Cd"),
        .init(file: "values.yaml", text: "postgresql:\n  auth:\n    password: \"Dz8!qV2rLx\"\n", secret: "Dz8!qV2rLx"),
        .init(file: "serverless.yml", text: "provider:\n  environment:\n    WEBHOOK_SECRET: Yq7Vz2Lr8Xn4Kp3Tm9Wb6Cd\n", secret: "Yq7Vz2Lr8Xn4Kp3Tm9Wb6Cd"),
        .init(file: "docker-compose.yml", text: "    environment:\n      - MYSQL_ROOT_PASSWORD=Hq2!zV8rLx\n", secret: "Hq2!zV8rLx"),
        .init(file: "docker-compose.yml", text: "      RABBITMQ_DEFAULT_PASS: Lz9Qv2Rr8Xn4Kp\n", secret: "Lz9Qv2Rr8Xn4Kp"),
        .init(file: "config.json", text: "{\n  \"db\": {\n    \"primary\": {\n      \"password\": \"Cv8#qZ2rLx\"\n    }\n  }\n}\n", secret: "Cv8#qZ2rLx"),
        .init(file: "appsettings.json", text: "  \"Jwt\": { \"SigningSecret\": \"Rz4Qv8Lx2Vn7Kp3Tm9Wb6Cd1\" },\n", secret: "Rz4Qv8Lx2Vn7Kp3Tm9Wb6Cd1"),
        .init(file: "terraform.tfvars", text: "db_password = \"Nv8!qZ2rLx\"\n", secret: "Nv8!qZ2rLx"),
        .init(file: "main.tf", text: "  master_password     = \"Pz2Qv8Lr7Xn4\"\n", secret: "Pz2Qv8Lr7Xn4"),
        .init(file: "settings.xml", text: "<server>\n  <password>Qz8!vL2xRm</password>\n</server>\n", secret: "Qz8!vL2xRm"),
        .init(file: "web.config", text: "<add key=\"ApiSecret\" value=\"Mz7Qv2Lr8Xn4Kp3Tm9Wb6Cd\" />\n", secret: "Mz7Qv2Lr8Xn4Kp3Tm9Wb6Cd"),
        .init(file: "context.xml", text: "<Resource name=\"jdbc/orders\" username=\"orders\" password=\"Lv9#qZ2rXm\" />\n", secret: "Lv9#qZ2rXm"),
        .init(file: "hibernate.cfg.xml", text: "<property name=\"connection.password\">Kq7!zV2rLx</property>\n", secret: "Kq7!zV2rLx"),
        .init(file: "notebook.ipynb", text: "    \"text\": [\"{'access_token': 'Vq3Lz8Rx2Nn7Kp4Tm9Wb6Cd1Yf5Gh'}\\n\"]\n", secret: "Vq3Lz8Rx2Nn7Kp4Tm9Wb6Cd1Yf5Gh"),
        .init(file: "pg_service.conf", text: "[orders]\nhost=db.internal\npassword=Rq8!zV2xLm\n", secret: "Rq8!zV2xLm"),
        // Connection commands.
        .init(file: "backup.sh", text: "mysqldump -h db.internal -u backup -pXq9Lz2Vr8Nk4 orders > orders.sql\n", secret: "Xq9Lz2Vr8Nk4"),
        .init(file: "backup.sh", text: "mysql -u root --password=Wq8!zV2rLx -e 'SHOW DATABASES'\n", secret: "Wq8!zV2rLx"),
        .init(file: "backup.sh", text: "mysql -h 127.0.0.1 -uroot -p'Tz8#qV2rLx' orders < dump.sql\n", secret: "Tz8#qV2rLx"),
        .init(file: "backup.sh", text: "PGPASSWORD=Hv8!qZ2rLx psql -h db.internal -U orders -c 'select 1'\n", secret: "Hv8!qZ2rLx"),
        .init(file: "backup.sh", text: "redis-cli -h cache.internal -p 6379 -a Nq8Lz2Vr9Xk4Tm7W ping\n", secret: "Nq8Lz2Vr9Xk4Tm7W"),
        .init(file: "deploy.sh", text: "sshpass -p 'Kz9!vQ2rLx' ssh deploy@10.0.3.7 'sudo systemctl restart api'\n", secret: "Kz9!vQ2rLx"),
        .init(file: "Dockerfile", text: "RUN mariadb -uapp -pLq8Vz2Rx7Nk4 -e 'CREATE DATABASE app'\n", secret: "Lq8Vz2Rx7Nk4"),
        .init(file: "Makefile", text: "\tsshpass -p Gq7Vz2Lr8Xn4 rsync -a dist/ deploy@web:/srv/www/\n", secret: "Gq7Vz2Lr8Xn4"),
        .init(file: "release.sh", text: "docker login -u acmeci -p Vq8Lz2Rx7Nk4Tm9W registry.acme-corp.net\n", secret: "Vq8Lz2Rx7Nk4Tm9W"),
        .init(file: "release.sh", text: "helm repo add acme https://charts.acme-corp.net --username ci --password Hq8Vz2Lr7Xn4Kp3T\n", secret: "Hq8Vz2Lr7Xn4Kp3T"),
        .init(file: "release.sh", text: "sqlcmd -S reports-sql.database.windows.net -U admin -P 'Sq1#Lz2Vr8Xk' -Q 'SELECT 1'\n", secret: "Sq1#Lz2Vr8Xk"),
        // Passwords passed by position, and driver DSNs.
        .init(file: "export.php", text: "$pdo = new PDO($dsn, 'erp_export', 'Pdo!Lz2Vr8Xk');\n", secret: "Pdo!Lz2Vr8Xk"),
        .init(file: "sync.py", text: "r = requests.get(url, auth=(\"svc-inventory\", \"Rq!Lz2Vr8XkT4\"), timeout=10)\n", secret: "Rq!Lz2Vr8XkT4"),
        .init(file: "Client.cs", text: "var credentials = new NetworkCredential(\"svc-refunds\", \"Nc7#vQ2zLx\");\n", secret: "Nc7#vQ2zLx"),
        .init(file: "db.go", text: "db, err := sql.Open(\"mysql\", \"inventory:Gd7Lz2Vr8XkT4Wq9@tcp(inventory-db.internal:3306)/inventory\")\n", secret: "Gd7Lz2Vr8XkT4Wq9"),
        // 40 hex digits under a credential name: GitHub's old tokens, SMTP relay tokens.
        .init(file: "mail.properties", text: "mail.smtp.auth.token=4f9c2a7e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a\n", secret: "4f9c2a7e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a"),
        // Base64 in a Kubernetes Secret: the encoded value is the secret.
        .init(file: "secret.yaml", text: "data:\n  password: \(Data("Xq8!vR2mLz7Tq".utf8).base64EncodedString())\n", secret: Data("Xq8!vR2mLz7Tq".utf8).base64EncodedString()),
        // A level away from the name: parameter defaults and Serverless API keys.
        .init(file: "variables.tf", text: "variable \"erp_db_password\" {\n  type      = string\n  sensitive = true\n  default   = \"TfQ2vLz8Xr4Nk!\"\n}\n", secret: "TfQ2vLz8Xr4Nk!"),
        .init(file: "template.yaml", text: "Parameters:\n  PartnerApiToken:\n    Type: String\n    NoEcho: true\n    Default: Pt7Lq2Vz9Xr4Nk8Tp3Wm6Yb1DfGhJk5\n", secret: "Pt7Lq2Vz9Xr4Nk8Tp3Wm6Yb1DfGhJk5"),
        .init(file: "template.yaml", text: "      SecretString: '{\"username\": \"legacy\", \"password\": \"SsQ2vLz8Xr4Nk#\"}'\n", secret: "SsQ2vLz8Xr4Nk#"),
        .init(file: "serverless.yml", text: "provider:\n  apiGateway:\n    apiKeys:\n      - name: partner-acme\n        value: Sk7Lq2Vz9Xr4Nk8Tp3Wm6Yb1DfGh\n", secret: "Sk7Lq2Vz9Xr4Nk8Tp3Wm6Yb1DfGh"),
        .init(file: "wp-config.php", text: "define( 'NONCE_SALT',       '$&oTfVY):eMb>[z~S?~D_:?qGzHoI:KvS#p-0cyY[?BUq' );\n", secret: "$&oTfVY):eMb>[z~S?~D_:?qGzHoI:KvS#p-0cyY[?BUq"),
        .init(file: "terraform.tfstate", text: "      \"type\": \"random_password\",\n      \"instances\": [\n        {\n          \"attributes\": {\n            \"length\": 24,\n            \"result\": \"Rp8!vQ2(zL)x{T4}<k>W9b\",\n            \"special\": true\n", secret: "Rp8!vQ2(zL)x{T4}<k>W9b"),
        .init(file: "terraform.tfstate", text: "            \"password\": \"Rp8!vQ2(zL)x{T4}<k>W9b\",\n", secret: "Rp8!vQ2(zL)x{T4}<k>W9b"),
        .init(file: "smoke.sh", text: "curl -fsS -u smoke:Cu8Lz2Vr9XkT4% https://orders.acme-corp.net/internal/health\n", secret: "Cu8Lz2Vr9XkT4%"),
        .init(file: "client.py", text: "HEADERS = {\"Authorization\": \"Token 9f3b2c7e1a4d5f6b8c9e0a1b2c3d4e5f6a7b8c9d\"}\n", secret: "9f3b2c7e1a4d5f6b8c9e0a1b2c3d4e5f6a7b8c9d"),
        .init(file: ".env", text: "CATALOG_DB_PASSWORD=lantern-orbit-cactus-velvet\n", secret: "lantern-orbit-cactus-velvet"),
        // Headers and bearer tokens.
        .init(file: "request.sh", text: "curl -H 'X-API-Key: Vz8Qq2Lr7Xn4Kp3Tm9Wb6Cd' https://api.acme-corp.net/v1/orders\n", secret: "Vz8Qq2Lr7Xn4Kp3Tm9Wb6Cd"),
        .init(file: "client.py", text: "headers = {\"Authorization\": \"Bearer Tq8Vz2Lr7Xn4Kp3Wm9Yb6Cd1Fh5\"}\n", secret: "Tq8Vz2Lr7Xn4Kp3Wm9Yb6Cd1Fh5"),
    ]

    static let negatives: [Negative] = [
        // References and lookups.
        .init(file: "settings.py", text: "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]\n", why: "environment lookup"),
        .init(file: "settings.py", text: "SECRET_KEY = os.getenv(\"SECRET_KEY\", default=None)\n", why: "environment lookup"),
        .init(file: "app.js", text: "const apiKey = process.env.API_KEY || '';\n", why: "environment lookup"),
        .init(file: "Handler.java", text: "String password = System.getenv(\"DB_PASSWORD\");\n", why: "environment lookup"),
        .init(file: "main.go", text: "password := os.Getenv(\"DB_PASSWORD\")\n", why: "environment lookup"),
        .init(file: "config.rb", text: "config.api_key = ENV.fetch('API_KEY')\n", why: "environment lookup"),
        .init(file: ".env", text: "DB_PASSWORD=${DB_PASSWORD}\n", why: "shell reference"),
        .init(file: ".env", text: "API_TOKEN=$(cat /run/secrets/api_token)\n", why: "command substitution"),
        .init(file: "template.yaml", text: "          DB_PASSWORD: !Ref DbPassword\n", why: "CloudFormation reference"),
        .init(file: "template.yaml", text: "      MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'\n", why: "dynamic reference"),
        .init(file: "serverless.yml", text: "    API_KEY: ${ssm:/orders/api-key}\n", why: "serverless variable"),
        .init(file: "values.yaml", text: "  password: {{ .Values.db.password }}\n", why: "Helm template"),
        .init(file: "settings.py", text: "EMAIL_HOST_PASSWORD = \"%(smtp_password)s\"\n", why: "printf-style interpolation"),
        .init(file: "deploy.yml", text: "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n", why: "Actions expression"),
        .init(file: "main.tf", text: "  password = var.db_password\n", why: "Terraform variable"),
        .init(file: "main.tf", text: "  password = random_password.db.result\n", why: "Terraform attribute"),
        .init(file: "main.tf", text: "  password = data.aws_secretsmanager_secret_version.db.secret_string\n", why: "Terraform data source"),
        .init(file: "app.py", text: "password = request.form[\"password\"]\n", why: "form input"),
        .init(file: "app.py", text: "token = get_token(client_id, client_secret)\n", why: "call"),
        .init(file: "app.ts", text: "const secret = await secretsManager.getSecretValue({ SecretId: 'prod/api' }).promise();\n", why: "call"),
        .init(file: "backup.sh", text: "mysql -u root -p\"$MYSQL_ROOT_PASSWORD\" -e 'FLUSH LOGS'\n", why: "shell variable"),
        .init(file: "backup.sh", text: "mysql -u root -p orders < dump.sql\n", why: "password prompt"),
        .init(file: "backup.sh", text: "mysql -h db.internal -P 3306 -u app orders\n", why: "port flag"),
        .init(file: "backup.sh", text: "redis-cli -a \"$REDIS_PASSWORD\" ping\n", why: "shell variable"),
        .init(file: "deploy.sh", text: "sshpass -e ssh deploy@10.0.3.7\n", why: "password from SSHPASS"),
        .init(file: "deploy.sh", text: "sshpass -f ~/.ssh/deploy_pass ssh deploy@10.0.3.7\n", why: "password file"),
        .init(file: "release.sh", text: "docker login -u \"$REGISTRY_USER\" --password-stdin registry.acme-corp.net\n", why: "password on stdin"),
        .init(file: "release.sh", text: "echo \"$TOKEN\" | docker login -u ci -p \"$CI_REGISTRY_PASSWORD\" $CI_REGISTRY\n", why: "shell variable"),
        .init(file: "README.md", text: "Pass --password to set it, or --password-file to read it from a file.\n", why: "prose"),
        .init(file: "db.go", text: "dsn := fmt.Sprintf(\"%s:%s@tcp(%s)/%s\", user, pass, host, name)\n", why: "format string"),
        .init(file: "export.php", text: "$pdo = new PDO($dsn, $user, $password);\n", why: "variables"),
        .init(file: "sync.py", text: "r = requests.get(url, auth=(user, password))\n", why: "variables"),
        .init(file: "secret.yaml", text: "data:\n  password: Y2hhbmdlbWU=\n", why: "base64 of a placeholder"),
        .init(file: "secret.yaml", text: "data:\n  password: JHtEQl9QQVNTV09SRH0=\n", why: "base64 of a reference"),
        .init(file: "k8s.yaml", text: "            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: { name: db, key: password }\n", why: "secretKeyRef"),
        // Placeholders and documentation.
        .init(file: ".env.example", text: "DB_PASSWORD=changeme\n", why: "placeholder"),
        .init(file: ".env.example", text: "API_KEY=your-api-key-here\n", why: "placeholder"),
        .init(file: ".env.example", text: "CLIENT_SECRET=<client-secret>\n", why: "placeholder"),
        .init(file: ".env.example", text: "JWT_SECRET=replace-with-a-long-random-string\n", why: "placeholder"),
        .init(file: "README.md", text: "Set `password: \"********\"` in your config.\n", why: "mask"),
        .init(file: "README.md", text: "export API_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxx\n", why: "placeholder"),
        .init(file: "config.yaml", text: "password: TODO\n", why: "placeholder"),
        .init(file: "config.yaml", text: "api_key: \"\"\n", why: "empty"),
        .init(file: "config.yaml", text: "password: null\n", why: "null"),
        .init(file: "docs.md", text: "    curl -u admin:password https://localhost:8443/api\n", why: "documentation"),
        // Well-known test and default values.
        .init(file: "docker-compose.yml", text: "      POSTGRES_PASSWORD: postgres\n", why: "dev default"),
        .init(file: "docker-compose.yml", text: "      MYSQL_ROOT_PASSWORD: root\n", why: "dev default"),
        .init(file: "test_api.py", text: "TEST_PASSWORD = \"test-password\"\n", why: "test value"),
        .init(file: "test_api.py", text: "client.login(username=\"alice\", password=\"password123\")\n", why: "test value"),
        .init(file: "application-test.properties", text: "spring.datasource.password=sa\n", why: "dev default"),
        .init(file: "app.spec.ts", text: "const token = 'fake-jwt-token';\n", why: "test value"),
        .init(file: "test.py", text: "PASSWORD = \"P@ssw0rd\"\n", why: "well-known weak test value"),
        .init(file: "conftest.py", text: "API_KEY = \"test_api_key_12345\"\n", why: "test value"),
        // Names that are not credentials, and values that are not secrets.
        .init(file: "config.yaml", text: "password_min_length: 12\n", why: "policy setting"),
        .init(file: "config.yaml", text: "password_file: /run/secrets/db_password\n", why: "path"),
        .init(file: "config.yaml", text: "secret_path: secret/data/orders/db\n", why: "path"),
        .init(file: "settings.py", text: "PRIVATE_KEY_PATH = \"~/.ssh/id_ed25519\"\n", why: "path"),
        .init(file: "config.ini", text: "ssl_key = C:\\certs\\server.key\n", why: "Windows path"),
        .init(file: "config.yaml", text: "token_url: https://auth.acme-corp.net/oauth2/token\n", why: "URL without credentials"),
        .init(file: "config.yaml", text: "api_key_endpoint: s3://acme-config/keys/index.json\n", why: "URL without credentials"),
        .init(file: "serverless.yml", text: "    DB_SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf\n", why: "ARN"),
        .init(file: "config.yaml", text: "secret: arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-Xy12Zq\n", why: "ARN"),
        .init(file: "package-lock.json", text: "      \"integrity\": \"sha512-Z4Qv8Lr2Xn7Kp3Tm9Wb6Cd1Yf5Gh0Jk4Ln8Pq2Rs6Tu0Vw4Xy8Zb2Cd6Ef0Gh4Ij8Kl2Mn6Op0Qr4St8Uv2Wx6Yz0Ab==\",\n", why: "integrity hash"),
        .init(file: "manifest.json", text: "  \"checksum\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\n", why: "checksum"),
        .init(file: "deploy.yml", text: "  secret_sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n", why: "hash under a checksum name"),
        .init(file: "main.tf", text: "  source_code_hash = \"Xq8Vz2Lr7Nk4Tp3Wm9Yb6Cd1Fh5Gj0Kl4Mn8Pq2Rs6=\"\n", why: "hash under a checksum name"),
        .init(file: "config.yaml", text: "token_digest: \"c2VjcmV0LWRpZ2VzdC1vZi10aGUtdG9rZW4tdjI=\"\n", why: "hash under a checksum name"),
        .init(file: "seed.sql", text: "INSERT INTO users (email, password) VALUES ('a@acme-corp.net', '$2b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy');\n", why: "bcrypt hash"),
        .init(file: "config.yaml", text: "api_key_id: 3f2b8c1e-9a4d-4c6b-8e2f-7d1a5b9c0e4f\n", why: "UUID id"),
        .init(file: "config.yaml", text: "secret: 3f2b8c1e-9a4d-4c6b-8e2f-7d1a5b9c0e4f\n", why: "UUID"),
        .init(file: "release.yml", text: "  release_token_commit: 9a1c3e5f7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a\n", why: "git SHA"),
        .init(file: "i18n.json", text: "  \"passwordTooShort\": \"Password must be at least 12 characters\",\n", why: "message"),
        .init(file: "i18n.json", text: "  \"password\": \"Mot de passe\",\n", why: "label"),
        .init(file: "form.html", text: "<input type=\"password\" name=\"password\" placeholder=\"Your password\">\n", why: "form field"),
        .init(file: "types.ts", text: "  password?: string;\n", why: "type declaration"),
        .init(file: "schema.graphql", text: "  resetPasswordToken: String\n", why: "schema field"),
        .init(file: "config.yaml", text: "password: password\n", why: "value equals its key"),
        .init(file: "config.yaml", text: "api_key: api-key\n", why: "value similar to its key"),
        .init(file: "config.yaml", text: "client_secret: clientSecret\n", why: "value similar to its key"),
        .init(file: "config.yaml", text: "secret_name: orders-db-credentials\n", why: "name of a secret"),
        .init(file: "main.py", text: "token_type = \"Bearer\"\n", why: "token type"),
        .init(file: "main.py", text: "MAX_TOKENS = 4096\n", why: "number"),
        .init(file: "tokenizer.json", text: "  \"eos_token\": \"</s>\",\n", why: "model token"),
        .init(file: "config.yaml", text: "password_policy: \"min-length-12-require-symbols\"\n", why: "policy"),
        .init(file: "Handler.java", text: "private static final String PASSWORD_FIELD = \"password\";\n", why: "field name"),
        .init(file: "app.js", text: "const SECRET_HEADER = 'x-webhook-secret';\n", why: "header name"),
        .init(file: "settings.py", text: "SECRET_KEY_FALLBACKS = []\n", why: "empty list"),
        .init(file: "public.yaml", text: "publishable_key: pk_live_Fq9Vz2Lr8Xn4Kp3Tm7Wb6Cd\n", why: "publishable key"),
        .init(file: "secrets.enc.yaml", text: "password: ENC[AES256_GCM,data:Tq8Vz2Lr,iv:Xn4Kp3Tm9Wb6=,tag:Cd1Fh5Gj==,type:str]\n", why: "SOPS-encrypted"),
        .init(file: "sealed.yaml", text: "    password: AgBy8Vz2Lr7Xn4Kp3Tm9Wb6Cd1Fh5Gj0Kl4Mn8Pq2Rs6Tu0Vw4Xy8Zb2Cd6Ef0Gh4Ij8Kl2Mn6Op0Qr4St8Uv2Wx6Yz0Ab2Cd6Ef0Gh4Ij8Kl2Mn6Op0Qr4\n", why: "sealed secret"),
        .init(file: "vault.yml", text: "db_password: !vault |\n", why: "Ansible vault"),
        .init(file: "app.py", text: "if password == confirm_password:\n", why: "comparison"),
        .init(file: "Client.java", text: "final var asyncPasswordConverter = \"merge_limit/collect_converter.json\";\n", why: "file path"),
        .init(file: "mapper.cs", text: "var endpointPassword = \"archive:filter_controller\";\n", why: "identifiers joined by punctuation"),
        .init(file: "settings.yaml", text: "default_password: us-east-1\n", why: "AWS region"),
        .init(file: "backup.js", text: "const tokenHeader = 'X-Request-Id';\n", why: "header name"),
        .init(file: "dev.json", text: "  \"commit_valid_refreshtoken\": \"provided.al2023\"\n", why: "Lambda runtime"),
        .init(file: "package-lock.json", text: "    \"local-password\": \"^3.6.7\",\n", why: "version range"),
        .init(file: "run.bat", text: "set DB_PASSWORD=%DB_PASSWORD%\n", why: "Windows variable"),
        .init(file: "wp-config.php", text: "define( 'SECURE_AUTH_KEY',  'put your unique phrase here' );\n", why: "WordPress placeholder"),
        .init(file: "smoke.sh", text: "curl -u \"smoke:$SMOKE_PASSWORD\" https://orders.acme-corp.net/internal/health\n", why: "shell variable"),
        .init(file: "users.yaml", text: "password_hash: \"$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG\"\n", why: "argon2 hash"),
        .init(file: "users.yaml", text: "password: \"$6$rounds=5000$saltsalt$Xq8vR2mLz7Tk4WpB7nQ2\"\n", why: "crypt hash"),
        .init(file: "application.yml", text: "    password: '{cipher}AQBc7f3a9e2d1b8c4f6a0e5d3c2b1a9f8e7d6c5b4a3928170'\n", why: "Spring Cloud Config cipher"),
        .init(file: "configuration.yaml", text: "  db_password: !secret catalog_db_password\n", why: "Home Assistant secret"),
        .init(file: "logger.js", text: "const updatePasswordLock = 'retry using which calls';\n", why: "words"),
        .init(file: "form.py", text: "password = forms.CharField(widget=forms.PasswordInput(attrs={'placeholder': '<your password>'}))\n", why: "code"),
        .init(file: "variables.tf", text: "variable \"db_password\" {\n  type      = string\n  sensitive = true\n  default   = \"\"\n}\n", why: "empty default"),
        .init(file: "template.yaml", text: "Parameters:\n  TokenParameterName:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /legacy-sync/partner-token\n", why: "SSM parameter name"),
        .init(file: "template.yaml", text: "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n    MinLength: 12\n", why: "no default"),
        .init(file: "serverless.yml", text: "    apiKeys:\n      - name: partner\n        value: ${ssm:/legacy-sync/partner-api-key}\n", why: "serverless variable"),
        .init(file: "app.py", text: "hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())\n", why: "call"),
    ]

    private static func findings(_ file: String, _ text: String) -> [Finding] {
        TestSupport.builtinScanner.scan(bytes: Array(text.utf8), path: file, showSecrets: true)
    }

    @Test(arguments: positives)
    func reportsAHardCodedCredential(_ example: Positive) {
        let found = Self.findings(example.file, example.text)
        #expect(found.contains { $0.secret == example.secret },
                "expected \(example.secret); found \(found.map { "\($0.ruleID)=\($0.secret ?? "")" })")
    }

    @Test(arguments: negatives)
    func staysQuietOnWhatIsNoCredential(_ example: Negative) {
        let found = Self.findings(example.file, example.text)
        #expect(found.isEmpty, "reported \(found.map { "\($0.ruleID)=\($0.secret ?? "")" })")
    }
}
