# ternsim in a container: the CLI built, for `ternsim worker` (queue workers) and any other command.
FROM node:20-bookworm
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends g++ make python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /ternsim
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["--help"]
